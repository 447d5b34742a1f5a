/**
 * The NG command layer: {@link io.isthmus.media.control.RelayCommandHandler} carries out
 * rtpengine's {@code offer}, {@code answer}, {@code delete}, {@code query}, {@code list} and {@code
 * statistics} on the relay engine, and rewrites SDP the way rtpengine 10.5 does.
 */
package io.isthmus.media.control;
