package io.isthmus.sip.message;

import java.util.Objects;

/** A header name and value to put in a message, e.g. the Unsupported line of a 420. */
public record HeaderField(HeaderName name, String value) {
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
