/** Immutable snapshots of the relay's counters, for query/delete replies and metrics. */
package io.isthmus.media.relay.stats;
