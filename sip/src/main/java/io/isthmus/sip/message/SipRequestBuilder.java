package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * Builds a new request from scratch (OPTIONS probes, CANCEL and ACK a proxy generates, RFC 3261
 * §9.1, §17.1.1.3). Headers are written in the order given; Content-Length is always written, last,
 * from the body.
 */
public final class SipRequestBuilder {
  private final Method method;
  private final String requestUri;
  private final ByteArrayOutputStream headers = new ByteArrayOutputStream(512);
  private byte[] body = new byte[0];

  SipRequestBuilder(Method method, String requestUri) {
    this.method = Objects.requireNonNull(method, "method");
    this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
    for (byte b : Bytes.utf8(requestUri)) {
      if ((b & 0xFF) <= 0x20 || b == 0x7F) {
        throw new IllegalArgumentException("white space or control character in Request-URI");
      }
    }
  }

  /** Appends a header line {@code name: value}. Content-Length is set by {@link #body}. */
  public SipRequestBuilder header(HeaderName name, String value) {
    if (name.equals(HeaderName.CONTENT_LENGTH)) {
      throw new IllegalArgumentException("Content-Length is written from the body");
    }
    byte[] v = Bytes.utf8(value);
    for (byte b : v) {
      if (b == Bytes.CR || b == Bytes.LF || b == 0) {
        throw new IllegalArgumentException("CR, LF or NUL in a value for " + name);
      }
    }
    headers.writeBytes(name.bytes());
    headers.write(':');
    headers.write(' ');
    headers.writeBytes(v);
    headers.write(Bytes.CR);
    headers.write(Bytes.LF);
    return this;
  }

  /** Sets the body with its Content-Type. */
  public SipRequestBuilder body(String contentType, byte[] content) {
    header(HeaderName.CONTENT_TYPE, contentType);
    this.body = content.clone();
    return this;
  }

  public SipRequest build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(headers.size() + body.length + 128);
    out.writeBytes(Bytes.ascii(method.name()));
    out.write(' ');
    out.writeBytes(Bytes.utf8(requestUri));
    out.writeBytes(Bytes.ascii(" SIP/2.0\r\n"));
    out.writeBytes(headers.toByteArray());
    out.writeBytes(Bytes.ascii("Content-Length: " + body.length + "\r\n\r\n"));
    out.writeBytes(body);
    byte[] bytes = out.toByteArray();
    try {
      return (SipRequest) SipParser.parseDatagram(bytes, 0, bytes.length);
    } catch (SipParseException e) {
      throw new IllegalArgumentException("not a valid request: " + e.getMessage(), e);
    }
  }
}
