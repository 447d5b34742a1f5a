/**
 * The proxy's dialogs in Redis, so that a restarted proxy, or a standby taking over its addresses,
 * carries on every established dialog (docs/ha.md, "Proxy"): {@link
 * io.isthmus.ha.proxy.ProxyReplication} (the proxy core's {@code DialogListener}, writing through
 * the shared {@code StateWriter}), {@link io.isthmus.ha.proxy.DialogCodec} (the record), {@link
 * io.isthmus.ha.proxy.ProxyHaSettings} (the {@code ha:} section).
 */
package io.isthmus.ha.proxy;
