package io.isthmus.app.config;

import java.util.function.Function;

/**
 * Turns the text of a scalar into a typed value, or explains why it cannot.
 *
 * @param noun what the value is, with its article ("a port"), for "X is not a port"
 * @param expected what is accepted ("1-65535"), shown in parentheses
 * @param parse the conversion; throws {@link IllegalArgumentException} with a full message (what is
 *     wrong and what is expected) or with a null message for the standard one
 */
record Converter<T>(String noun, String expected, Function<String, T> parse) {

  /** The standard message for {@code shown} (the text, or the description of a non-scalar). */
  String notA(String shown) {
    return shown + " is not " + noun + " (expected " + expected + ")";
  }

  /** A converter with the standard message for every failure. */
  static <T> Converter<T> of(String noun, String expected, Function<String, T> parse) {
    return new Converter<>(noun, expected, parse);
  }
}
