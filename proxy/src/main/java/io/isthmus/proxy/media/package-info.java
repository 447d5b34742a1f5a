/**
 * Media control: what the proxy core asks of the media relay (rtpengine NG {@code offer}, {@code
 * answer}, {@code delete}) through one interface, {@link io.isthmus.proxy.media.MediaControl}, with
 * two implementations that send identical request dictionaries ({@link
 * io.isthmus.proxy.media.NgRequests}): {@link io.isthmus.proxy.media.NgMediaControl} over UDP to
 * any rtpengine-compatible relay, and {@link io.isthmus.proxy.media.InProcessMediaControl} calling
 * the Isthmus relay's command handler in the same JVM.
 */
package io.isthmus.proxy.media;
