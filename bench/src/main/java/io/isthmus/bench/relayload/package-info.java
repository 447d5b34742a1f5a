/**
 * The relay load harness behind {@code scripts/relay-bench}: a relay under test in its own process
 * ({@code ./isthmus relay} for Isthmus, with the launcher's JVM options, and the Debian rtpengine
 * for the baseline, both with the same rtpengine options), a load generator in another ({@link
 * io.isthmus.bench.relayload.RelayLoad}) that sets up calls over NG and relays paced RTP through
 * them, and {@link io.isthmus.bench.relayload.RelayReport}, which puts the engines side by side.
 *
 * <p>Everything stays on 127.0.0.0/8: relay interfaces 127.0.1.1 (public) and 127.0.2.1 (private),
 * parties 127.0.1.100 and 127.0.2.100, NG on 127.0.0.1.
 */
package io.isthmus.bench.relayload;
