/**
 * The proxy load harness behind {@code scripts/proxy-bench}: sipp places calls at stepped rates
 * through a system under test, Isthmus (proxy and in-process relay, one JVM) or Kamailio with the
 * Debian rtpengine, each in their own processes, and the harness measures what the calls cost them.
 *
 * <p>{@link io.isthmus.bench.proxyload.ProxyLoad} runs the steps against one system (the script
 * starts and stops the system and the sipp gateways); {@link
 * io.isthmus.bench.proxyload.ProxyReport} puts the systems side by side. Everything stays on
 * 127.0.0.0/8: proxy on 127.0.1.1 and 127.0.2.1, caller 127.0.1.100, gateways 127.0.2.11/12.
 */
package io.isthmus.bench.proxyload;
