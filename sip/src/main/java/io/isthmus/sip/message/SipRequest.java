package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.Uri;

/** An immutable SIP request (RFC 3261 §7.1). */
public final class SipRequest extends MessageBase implements SipMessage {

  private Uri requestUri;

  SipRequest(byte[] buf, MessageIndex idx) {
    super(buf, idx);
  }

  /** A builder for a new request (OPTIONS probes, CANCEL, ACK). */
  public static SipRequestBuilder builder(Method method, String requestUri) {
    return new SipRequestBuilder(method, requestUri);
  }

  /** The Request-URI, parsed on first access (RFC 3261 §19.1). */
  public Uri requestUri() throws SipParseException {
    Uri v = requestUri;
    if (v == null) {
      requestUri = v = Uri.parse(buf, idx.uriStart, idx.uriEnd - idx.uriStart);
    }
    return v;
  }

  @Override
  public void compact() {
    super.compact();
    requestUri = null;
  }

  /** The scheme of the Request-URI as written (before the first ':'), lower-cased; "" if none. */
  public String requestUriScheme() {
    int colon = Bytes.indexOf(buf, idx.uriStart, idx.uriEnd, (byte) ':');
    return colon < 0
        ? ""
        : Bytes.string(buf, idx.uriStart, colon).toLowerCase(java.util.Locale.ROOT);
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
