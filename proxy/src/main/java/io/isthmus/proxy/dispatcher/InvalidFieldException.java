package io.isthmus.proxy.dispatcher;

/**
 * A single field of a gateway definition is invalid; the list parsers add the source and line and
 * turn it into a {@link DispatcherConfigException}.
 */
final class InvalidFieldException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  InvalidFieldException(String field, String detail) {
    super(detail, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
