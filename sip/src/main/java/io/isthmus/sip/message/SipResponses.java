package io.isthmus.sip.message;

import static io.isthmus.sip.message.MessageIndex.LINE_END;
import static io.isthmus.sip.message.MessageIndex.LINE_START;
import static io.isthmus.sip.message.MessageIndex.NAME_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_START;

import io.isthmus.sip.SipParseException;
import java.io.ByteArrayOutputStream;

/** Responses a proxy or UAS builds for a request it received (RFC 3261 §8.2.6). */
public final class SipResponses {
  private SipResponses() {}

  /** {@link #forRequest(SipRequest, int, String, String)} without adding a To tag. */
  public static SipResponse forRequest(SipRequest request, int status, String reason) {
    return forRequest(request, status, reason, null);
  }

  /**
   * A response to {@code request} per §8.2.6.2: the Via lines, From, To, Call-ID and CSeq copied
   * byte for byte, and Content-Length: 0. When {@code toTag} is given and the To has no tag, the
   * tag is added (§8.2.6.2: a UAS or a proxy answering statelessly must add one to non-100
   * responses). A To that does not parse is copied unchanged, so that even a malformed request can
   * be answered with 400.
   */
  public static SipResponse forRequest(
      SipRequest request, int status, String reason, String toTag) {
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("status outside 100..699: " + status);
    }
    byte[] phrase = Bytes.utf8(reason);
    for (byte b : phrase) {
      if (b == Bytes.CR || b == Bytes.LF) {
        throw new IllegalArgumentException("CR or LF in reason phrase");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(Bytes.ascii("SIP/2.0 " + status + " "));
    out.writeBytes(phrase);
    out.writeBytes(Bytes.ascii("\r\n"));
    copyLines(request, HeaderName.VIA, out);
    copyLines(request, HeaderName.FROM, out);
    if (toTag != null && needsTag(request)) {
      int line = request.findLine(HeaderName.TO, 0);
      MessageIndex idx = request.idx;
      out.write(
          request.buf,
          idx.get(line, LINE_START),
          idx.get(line, NAME_END) - idx.get(line, LINE_START));
      out.writeBytes(Bytes.ascii(": "));
      int vs = idx.get(line, VALUE_START);
      out.write(request.buf, vs, idx.get(line, VALUE_END) - vs);
      out.writeBytes(Bytes.ascii(";tag="));
      out.writeBytes(checkedToken(toTag));
      out.writeBytes(Bytes.ascii("\r\n"));
    } else {
      copyLines(request, HeaderName.TO, out);
    }
    copyLines(request, HeaderName.CALL_ID, out);
    copyLines(request, HeaderName.CSEQ, out);
    out.writeBytes(Bytes.ascii("Content-Length: 0\r\n\r\n"));
    byte[] bytes = out.toByteArray();
    try {
      return (SipResponse) SipParser.parseDatagram(bytes, 0, bytes.length);
    } catch (SipParseException e) {
      // the copied lines parsed before, so only a broken request index could get here
      throw new IllegalStateException("response did not parse: " + e.getMessage(), e);
    }
  }

  private static boolean needsTag(SipRequest request) {
    if (request.findLine(HeaderName.TO, 0) < 0) {
      return false;
    }
    try {
      return request.to().tag() == null;
    } catch (SipParseException e) {
      return false;
    }
  }

  private static byte[] checkedToken(String tag) {
    byte[] b = Bytes.ascii(tag);
    if (b.length == 0) {
      throw new IllegalArgumentException("empty tag");
    }
    for (byte c : b) {
      if (!Bytes.isToken(c)) {
        throw new IllegalArgumentException("tag is not a token: " + tag);
      }
    }
    return b;
  }

  private static void copyLines(SipRequest request, HeaderName name, ByteArrayOutputStream out) {
    MessageIndex idx = request.idx;
    for (int line = request.findLine(name, 0); line >= 0; line = request.findLine(name, line + 1)) {
      int s = idx.get(line, LINE_START);
      out.write(request.buf, s, idx.get(line, LINE_END) - s);
    }
  }
}
