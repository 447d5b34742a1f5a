package io.isthmus.sip.message;

/** Edits a {@link SipRequest}: everything {@link MessageEditor} does, and the Request-URI. */
public final class RequestEditor extends MessageEditor<SipRequest, RequestEditor> {

  RequestEditor(SipRequest original) {
    super(original);
  }

  @Override
  RequestEditor self() {
    return this;
  }

  /** Replaces the Request-URI (RFC 3261 §16.5, §16.6 step 2), keeping method and version bytes. */
  public RequestEditor requestUri(String uri) {
    byte[] u = Bytes.utf8(uri);
    if (u.length == 0) {
      throw new IllegalArgumentException("empty Request-URI");
    }
    for (byte b : u) {
      if ((b & 0xFF) <= 0x20 || b == 0x7F) {
        throw new IllegalArgumentException("white space or control character in Request-URI");
      }
    }
    MessageIndex idx = original.idx;
    byte[] buf = original.buf;
    int methodLen = idx.methodEnd - idx.start;
    int versionLen = idx.startLineEnd - idx.uriEnd; // SP SIP-Version
    byte[] line = new byte[methodLen + 1 + u.length + versionLen + 2];
    System.arraycopy(buf, idx.start, line, 0, methodLen + 1);
    System.arraycopy(u, 0, line, methodLen + 1, u.length);
    System.arraycopy(buf, idx.uriEnd, line, methodLen + 1 + u.length, versionLen);
    line[line.length - 2] = Bytes.CR;
    line[line.length - 1] = Bytes.LF;
    startLine = line;
    return this;
  }

  @Override
  public SipRequest build() {
    return (SipRequest) reparse();
  }
}
