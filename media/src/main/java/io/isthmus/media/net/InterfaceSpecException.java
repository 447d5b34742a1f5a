package io.isthmus.media.net;

import java.io.Serial;

/**
 * A logical interface specification ({@code name/local[!advertised]}) that does not parse. Carries
 * the offending spec, the character offset where the problem starts and the reason.
 */
public final class InterfaceSpecException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  private final String spec;
  private final int offset;
  private final String reason;

  public InterfaceSpecException(String spec, int offset, String reason) {
    super("invalid interface \"" + spec + "\" at offset " + offset + ": " + reason);
    this.spec = spec;
    this.offset = offset;
    this.reason = reason;
  }

  /** The specification as given. */
  public String spec() {
    return spec;
  }

  /** Zero-based character offset of the problem within {@link #spec()}. */
  public int offset() {
    return offset;
  }

  /** What was wrong, without the position. */
  public String reason() {
    return reason;
  }
}
