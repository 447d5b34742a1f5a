/**
 * The link to Redis that the relay's and the proxy's replicated state go through: {@link
 * io.isthmus.ha.redis.RedisSettings} (rtpengine's {@code redis} option syntax, or a Lettuce URI for
 * Sentinel), {@link io.isthmus.ha.redis.RedisLink} (one Lettuce client and connection, never
 * required for start) and {@link io.isthmus.ha.redis.StateWriter} (a bounded, coalescing write
 * queue: a call's loop hands it the latest state of a key and never waits on Redis).
 */
package io.isthmus.ha.redis;
