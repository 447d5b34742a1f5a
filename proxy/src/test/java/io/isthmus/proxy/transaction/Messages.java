package io.isthmus.proxy.transaction;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;
import java.nio.charset.StandardCharsets;

/** The SIP messages of the tests: a call from a caller through this proxy to a gateway. */
final class Messages {
  private Messages() {}

  static final String CALLER_VIA = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1";
  static final String PROXY_VIA = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy1";

  /** An INVITE as the caller sends it to this proxy. */
  static SipRequest invite() {
    return request(
        """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: %s
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:alice@192.0.2.10>
        Content-Length: 0

        """
            .formatted(CALLER_VIA));
  }

  /** The INVITE as this proxy forwards it to the gateway: own Via on top, a Route, MF 69. */
  static SipRequest proxiedInvite() {
    return proxied("INVITE", "z9hG4bKproxy1", 314159);
  }

  /** A non-INVITE request forwarded by this proxy. */
  static SipRequest proxied(String method, String branch, int cseq) {
    return request(
        """
        %1$s sip:bob@10.0.0.20 SIP/2.0
        Via: SIP/2.0/UDP 10.0.0.1:5060;branch=%2$s
        Via: %3$s
        Route: <sip:gw1.example.net;lr>, <sip:core.example.net;lr>
        Max-Forwards: 69
        To: Bob <sip:bob@biloxi.example.com>
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: %4$d %1$s
        Contact: <sip:alice@192.0.2.10>
        Content-Length: 0

        """
            .formatted(method, branch, CALLER_VIA, cseq));
  }

  /** A non-INVITE request from the caller. */
  static SipRequest fromCaller(String method, String branch, int cseq) {
    return request(
        """
        %1$s sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%2$s
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>;tag=8321234356
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: %3$d %1$s
        Content-Length: 0

        """
            .formatted(method, branch, cseq));
  }

  /** The caller's ACK for a non-2xx final that carried {@code toTag}: same branch as the INVITE. */
  static SipRequest ackForNon2xx(String toTag) {
    return ack("z9hG4bKcaller1", toTag);
  }

  /** An ACK with {@code branch} in the top Via: for a 2xx it is a new branch. */
  static SipRequest ack(String branch, String toTag) {
    return request(
        """
        ACK sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%s
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>;tag=%s
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 ACK
        Content-Length: 0

        """
            .formatted(branch, toTag));
  }

  /** The response the next hop sends to {@code request}, its To tagged {@code toTag}. */
  static SipResponse response(SipRequest request, int status, String reason, String toTag) {
    return SipResponses.forRequest(request, status, reason, toTag);
  }

  static SipRequest request(String text) {
    return (SipRequest) parse(text);
  }

  static SipResponse responseText(String text) {
    return (SipResponse) parse(text);
  }

  private static SipMessage parse(String text) {
    byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    try {
      return SipParser.parseDatagram(b, 0, b.length);
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }

  /** The header lines of a message, as text (for exact assertions on generated messages). */
  static String text(SipMessage m) {
    return new String(m.toBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
