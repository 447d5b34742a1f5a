package io.isthmus.sip.message;

/** An immutable SIP request (RFC 3261 §7.1). */
public final class SipRequest extends MessageBase implements SipMessage {

  SipRequest(byte[] buf, MessageIndex idx) {
    super(buf, idx);
  }

  public Method method() {
    return idx.method;
  }

  /** The Request-URI exactly as it came, as text. */
  public String requestUriText() {
    return Bytes.string(buf, idx.uriStart, idx.uriEnd);
  }

  /** An editor over this request; the request itself never changes. */
  public RequestEditor edit() {
    return new RequestEditor(this);
  }
}
