package io.isthmus.proxy.media;

/**
 * One relay node as the admin API, {@code ctl}, /metrics and the status page show it.
 *
 * @param name the node's address
 * @param up whether new calls go to it
 * @param sinceNanos how long it has been in this state, -1 if it never changed (up since start)
 * @param reason why it went down last ("" if never)
 * @param lastRttNanos round trip of its last answered request, -1 before any
 * @param calls calls pinned to it
 * @param orphans deletes waiting for it to answer again
 * @param draining whether new calls avoid it ({@code ctl relay drain}) while its calls end
 */
public record NodeStatus(
    String name,
    int weight,
    boolean up,
    long sinceNanos,
    String reason,
    long lastRttNanos,
    int calls,
    int orphans,
    boolean draining) {}
