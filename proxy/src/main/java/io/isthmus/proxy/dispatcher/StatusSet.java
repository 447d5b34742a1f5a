package io.isthmus.proxy.dispatcher;

import java.util.BitSet;

/**
 * A set of SIP status codes given as classes and single codes, in the syntax of Kamailio's {@code
 * ds_ping_reply_codes}: {@code class=2;code=403;code=488;class=3}. Used for the reply codes that
 * count as a successful probe and for the codes that trigger failover. Immutable.
 */
public final class StatusSet {
  /** No codes. */
  public static final StatusSet NONE = new StatusSet(new BitSet(700));

  private final BitSet codes;

  private StatusSet(BitSet codes) {
    this.codes = codes;
  }

  /** The codes of the given classes ({@code 5} = 500..599). */
  public static StatusSet classes(int... classes) {
    BitSet b = new BitSet(700);
    for (int c : classes) {
      checkClass(c);
      b.set(c * 100, c * 100 + 100);
    }
    return new StatusSet(b);
  }

  /** Exactly the given codes. */
  public static StatusSet codes(int... codes) {
    BitSet b = new BitSet(700);
    for (int c : codes) {
      checkCode(c);
      b.set(c);
    }
    return new StatusSet(b);
  }

  /** Parses {@code class=N;code=NNN;...}; an empty text is {@link #NONE}. */
  public static StatusSet parse(String text) {
    BitSet b = new BitSet(700);
    if (text == null || text.isBlank()) {
      return NONE;
    }
    for (String part : text.split(";")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq).strip();
      Integer value = eq < 0 ? null : Numbers.parseInt(p.substring(eq + 1).strip(), false);
      if (value == null) {
        throw new IllegalArgumentException(
            "'" + p + "' in '" + text + "' is not class=N or code=NNN");
      }
      switch (name) {
        case "class" -> {
          checkClass(value);
          b.set(value * 100, value * 100 + 100);
        }
        case "code" -> {
          checkCode(value);
          b.set(value);
        }
        default ->
            throw new IllegalArgumentException(
                "'" + p + "' in '" + text + "' is not class=N or code=NNN");
      }
    }
    return new StatusSet(b);
  }

  /** This set plus {@code other}. */
  public StatusSet union(StatusSet other) {
    BitSet b = (BitSet) codes.clone();
    b.or(other.codes);
    return new StatusSet(b);
  }

  /** Whether {@code status} is in the set. */
  public boolean contains(int status) {
    return status >= 100 && status <= 699 && codes.get(status);
  }

  private static void checkClass(int c) {
    if (c < 1 || c > 6) {
      throw new IllegalArgumentException("status class " + c + " is not in 1..6");
    }
  }

  private static void checkCode(int c) {
    if (c < 100 || c > 699) {
      throw new IllegalArgumentException("status code " + c + " is not in 100..699");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusSet s && s.codes.equals(codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = codes.nextSetBit(0); i >= 0; i = codes.nextSetBit(i + 1)) {
      if (i % 100 == 0 && codes.nextClearBit(i) >= i + 100) {
        sb.append(sb.isEmpty() ? "" : ";").append("class=").append(i / 100);
        i += 99;
      } else {
        sb.append(sb.isEmpty() ? "" : ";").append("code=").append(i);
      }
    }
    return sb.toString();
  }
}
