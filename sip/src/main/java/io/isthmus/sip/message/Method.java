package io.isthmus.sip.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * A SIP request method. Methods are case-sensitive tokens (RFC 3261 §7.1): {@code invite} is an
 * extension method, not INVITE. The RFC 3261 methods and the common extensions are constants,
 * resolved from bytes without allocating.
 */
public final class Method {
  public static final Method INVITE = new Method("INVITE");
  public static final Method ACK = new Method("ACK");
  public static final Method BYE = new Method("BYE");
  public static final Method CANCEL = new Method("CANCEL");
  public static final Method OPTIONS = new Method("OPTIONS");
  public static final Method REGISTER = new Method("REGISTER");
  public static final Method PRACK = new Method("PRACK");
  public static final Method UPDATE = new Method("UPDATE");
  public static final Method INFO = new Method("INFO");
  public static final Method MESSAGE = new Method("MESSAGE");
  public static final Method SUBSCRIBE = new Method("SUBSCRIBE");
  public static final Method NOTIFY = new Method("NOTIFY");
  public static final Method REFER = new Method("REFER");
  public static final Method PUBLISH = new Method("PUBLISH");

  private static final Method[] KNOWN = {
    INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, PRACK, UPDATE, INFO, MESSAGE, SUBSCRIBE, NOTIFY,
    REFER, PUBLISH
  };

  private final String name;
  private final byte[] bytes;

  private Method(String name) {
    this.name = name;
    this.bytes = Bytes.ascii(name);
  }

  /** The method named {@code name}, which must be a token. */
  public static Method of(String name) {
    Objects.requireNonNull(name, "name");
    byte[] b = Bytes.ascii(name);
    if (b.length == 0) {
      throw new IllegalArgumentException("empty method");
    }
    for (byte c : b) {
      if (!Bytes.isToken(c)) {
        throw new IllegalArgumentException("method is not a token: " + name);
      }
    }
    return of(b, 0, b.length);
  }

  /** The method in buf[start, end), which the caller has checked is a token. */
  static Method of(byte[] buf, int start, int end) {
    for (Method m : KNOWN) {
      if (Arrays.equals(m.bytes, 0, m.bytes.length, buf, start, end)) {
        return m;
      }
    }
    return new Method(Bytes.string(buf, start, end));
  }

  /** Whether this is one of the methods defined by RFC 3261 or a registered extension above. */
  public boolean isKnown() {
    for (Method m : KNOWN) {
      if (m == this) {
        return true;
      }
    }
    return false;
  }

  public String name() {
    return name;
  }

  /** Whether the method in buf[start, end) is this one (case-sensitive). */
  boolean matches(byte[] buf, int start, int end) {
    return Arrays.equals(bytes, 0, bytes.length, buf, start, end);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Method other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
