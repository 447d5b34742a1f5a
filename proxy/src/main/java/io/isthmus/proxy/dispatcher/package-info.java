/**
 * The dispatcher: gateway sets, selection algorithms, health probing and failover, with the
 * semantics of Kamailio's dispatcher module (list-file format, flags, attributes, algorithm
 * numbers, states, thresholds), so a Kamailio {@code dispatcher.list} works as it is.
 *
 * <p>What the proxy core uses: {@link io.isthmus.proxy.dispatcher.ListFileParser} or {@link
 * io.isthmus.proxy.dispatcher.DispatcherList#of} to load sets; {@link
 * io.isthmus.proxy.dispatcher.Dispatcher} to plan a call ({@code plan}, then {@code
 * FailoverPlan.next()} per attempt), report responses and failures, count call load and reload;
 * {@link io.isthmus.proxy.dispatcher.Prober} with an {@link
 * io.isthmus.proxy.dispatcher.OptionsSender} for keepalives.
 *
 * <p>Threading: selection runs on every event loop and takes no lock. Each installed list is an
 * immutable snapshot published through a volatile reference; per-set cursors (round robin, weight)
 * and call-load counters are atomic integers; each gateway's health is one atomic reference to an
 * immutable status, updated by compare-and-set. Only reload is serialised, and it runs off the
 * event loops.
 */
package io.isthmus.proxy.dispatcher;
