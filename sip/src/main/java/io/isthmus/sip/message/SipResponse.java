package io.isthmus.sip.message;

/** An immutable SIP response (RFC 3261 §7.2). */
public final class SipResponse extends MessageBase implements SipMessage {

  SipResponse(byte[] buf, MessageIndex idx) {
    super(buf, idx);
  }

  /** The three-digit Status-Code, 100..999 by grammar. */
  public int status() {
    return idx.status;
  }

  /** The Reason-Phrase (UTF-8), possibly empty. */
  public String reasonPhrase() {
    return Bytes.string(buf, idx.reasonStart, idx.reasonEnd);
  }

  /** An editor over this response; the response itself never changes. */
  public ResponseEditor edit() {
    return new ResponseEditor(this);
  }
}
