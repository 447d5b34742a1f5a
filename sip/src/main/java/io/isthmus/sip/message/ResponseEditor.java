package io.isthmus.sip.message;

/** Edits a {@link SipResponse}: the header and body edits of {@link MessageEditor}. */
public final class ResponseEditor extends MessageEditor<SipResponse, ResponseEditor> {

  ResponseEditor(SipResponse original) {
    super(original);
  }

  @Override
  ResponseEditor self() {
    return this;
  }

  @Override
  public SipResponse build() {
    return (SipResponse) reparse();
  }
}
