package io.isthmus.ng.bencode;

/** A bencode integer ({@code i42e}), a signed 64-bit value. */
public record BInteger(long value) implements BValue {

  /** An integer value. */
  public static BInteger of(long value) {
    return new BInteger(value);
  }

  @Override
  public String typeName() {
    return "an integer";
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
