package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;

/**
 * A tel: URI (RFC 3966): a global number ({@code +1-201-555-0123}) or a local one ({@code
 * 7042;phone-context=example.com}) with parameters.
 *
 * <p>Liberal on one point: a local number without {@code phone-context}, which RFC 3966 §5.1.5
 * requires, is accepted ({@link #phoneContext()} is then null) because such URIs are common and a
 * proxy only routes them on.
 */
public final class TelUri implements Uri {
  private final String number;
  private final Parameters parameters;

  private TelUri(String number, Parameters parameters) {
    this.number = number;
    this.parameters = parameters;
  }

  static TelUri parse(byte[] b, int pos, int end) throws SipParseException {
    int start = pos;
    boolean global = pos < end && b[pos] == '+';
    if (global) {
      pos++;
    }
    int digits = 0;
    while (pos < end) {
      int c = b[pos];
      boolean digit = global ? SipChars.isDigit(c) : SipChars.isHex(c) || c == '*' || c == '#';
      if (digit) {
        digits++;
      } else if (c != '-' && c != '.' && c != '(' && c != ')') {
        break;
      }
      pos++;
    }
    if (digits == 0) {
      throw new SipParseException(pos, "expected telephone number digits");
    }
    String number = Host.ascii(b, start, pos);
    Parameters.Builder params = new Parameters.Builder(true);
    while (pos < end && b[pos] == ';') {
      int nameStart = pos + 1;
      int nameEnd = nameStart;
      while (nameEnd < end && (SipChars.isAlphanum(b[nameEnd]) || b[nameEnd] == '-')) {
        nameEnd++;
      }
      if (nameEnd == nameStart) {
        throw new SipParseException(nameStart, "empty tel URI parameter name");
      }
      pos = nameEnd;
      String value = null;
      if (pos < end && b[pos] == '=') {
        int valueStart = pos + 1;
        pos = Escapes.scan(b, valueStart, end, Escapes.PARAM);
        if (pos == valueStart) {
          throw new SipParseException(valueStart, "empty tel URI parameter value");
        }
        value = Host.ascii(b, valueStart, pos);
      }
      params.add(Host.ascii(b, nameStart, nameEnd), value);
    }
    if (pos < end) {
      throw new SipParseException(pos, "character not allowed here in a tel URI");
    }
    return new TelUri(number, params.build());
  }

  @Override
  public String scheme() {
    return "tel";
  }

  /** The number as written, visual separators included. */
  public String number() {
    return number;
  }

  /** True for a global number (starts with '+'). */
  public boolean global() {
    return number.charAt(0) == '+';
  }

  /** Parameters in order. */
  public Parameters parameters() {
    return parameters;
  }

  /** The phone-context parameter, or null. */
  public String phoneContext() {
    return parameters.get("phone-context");
  }

  /** The number without visual separators ({@code -.()}), e.g. {@code +12015550123}. */
  public String digits() {
    StringBuilder sb = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c != '-' && c != '.' && c != '(' && c != ')') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * RFC 3966 §4: same digits ignoring visual separators, same parameters in any order, compared
   * ignoring case.
   */
  @Override
  public boolean equivalentTo(Uri other) {
    return other instanceof TelUri t
        && digits().equalsIgnoreCase(t.digits())
        && SipUriEquivalence.sameParameters(parameters, t.parameters);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(4 + number.length()).append("tel:").append(number);
    parameters.appendTo(sb, ';');
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelUri t && t.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
