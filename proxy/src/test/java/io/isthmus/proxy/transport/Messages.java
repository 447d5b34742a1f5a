package io.isthmus.proxy.transport;

import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import java.nio.charset.StandardCharsets;

/** SIP text for the transport tests. */
final class Messages {
  private Messages() {}

  static String options(String callId, String via) {
    return "OPTIONS sip:gw@127.0.2.11 SIP/2.0\r\n"
        + "Via: "
        + via
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:probe@127.0.1.11>;tag=a1\r\n"
        + "To: <sip:gw@127.0.2.11>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  static String invite(String callId, String via, String body) {
    return "INVITE sip:bob@127.0.2.11 SIP/2.0\r\n"
        + "Via: "
        + via
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@127.0.1.11>;tag=a1\r\n"
        + "To: <sip:bob@127.0.2.11>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  static String ok(String callId, String via) {
    return "SIP/2.0 200 OK\r\n"
        + "Via: "
        + via
        + "\r\n"
        + "From: <sip:probe@127.0.1.11>;tag=a1\r\n"
        + "To: <sip:gw@127.0.2.11>;tag=g1\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  static SipMessage parse(String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return SipParser.parseDatagram(b, 0, b.length);
  }

  static SipMessage parse(byte[] b) throws Exception {
    return SipParser.parseDatagram(b, 0, b.length);
  }
}
