/**
 * SDP (RFC 8866, formerly RFC 4566) as a line-preserving model: {@link
 * io.isthmus.sdp.SessionDescription#parse(byte[], int, int)} splits a description into {@link
 * io.isthmus.sdp.SdpLine lines} that keep their bytes and line endings, so that serializing an
 * unedited description gives back the input bytes. Typed views ({@link io.isthmus.sdp.Origin},
 * {@link io.isthmus.sdp.Connection}, {@link io.isthmus.sdp.Media}, {@link io.isthmus.sdp.Rtpmap},
 * {@link io.isthmus.sdp.Crypto}, {@link io.isthmus.sdp.Candidate}, ...) are parsed on demand, and
 * {@link io.isthmus.sdp.SdpEditor} makes the edits a media relay needs (addresses, ports, RTCP,
 * ICE, direction, codecs, SDES keys) while every line it does not touch stays byte-identical and in
 * place.
 *
 * <p>Text is held as ISO-8859-1 strings: one char per byte, so any byte sequence (including UTF-8
 * in {@code s=} or {@code i=}) survives a round trip unchanged. No I/O, no name resolution.
 */
package io.isthmus.sdp;
