package io.isthmus.sip.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The name of a header field, matched case-insensitively and by its compact form (RFC 3261 §7.3.3
 * and the IANA registry of compact forms).
 *
 * <p>Well-known names are constants with a small integer id; the parser resolves each header line
 * to that id once, so a lookup by a well-known name compares ints, never Strings. Other names (from
 * {@link #of(String)}) are compared byte by byte, ignoring case.
 */
public final class HeaderName {
  private static final List<HeaderName> KNOWN = new ArrayList<>();
  private static final HeaderName[] BY_COMPACT = new HeaderName[128];
  private static final int MAX_KNOWN_LENGTH = 32;

  private static final HeaderName[][] BY_LENGTH = new HeaderName[MAX_KNOWN_LENGTH + 1][0];

  public static final HeaderName VIA = known("Via", 'v', true);
  public static final HeaderName FROM = known("From", 'f', true);
  public static final HeaderName TO = known("To", 't', true);
  public static final HeaderName CALL_ID = known("Call-ID", 'i', true);
  public static final HeaderName CSEQ = known("CSeq", (char) 0, true);
  public static final HeaderName MAX_FORWARDS = known("Max-Forwards", (char) 0, true);
  public static final HeaderName CONTACT = known("Contact", 'm', true);
  public static final HeaderName ROUTE = known("Route", (char) 0, true);
  public static final HeaderName RECORD_ROUTE = known("Record-Route", (char) 0, true);
  public static final HeaderName CONTENT_LENGTH = known("Content-Length", 'l', true);
  public static final HeaderName CONTENT_TYPE = known("Content-Type", 'c', true);
  public static final HeaderName CONTENT_ENCODING = known("Content-Encoding", 'e', true);
  public static final HeaderName SUBJECT = known("Subject", 's', false);
  public static final HeaderName SUPPORTED = known("Supported", 'k', true);
  public static final HeaderName REQUIRE = known("Require", (char) 0, true);
  public static final HeaderName PROXY_REQUIRE = known("Proxy-Require", (char) 0, true);
  public static final HeaderName UNSUPPORTED = known("Unsupported", (char) 0, true);
  public static final HeaderName ALLOW = known("Allow", (char) 0, true);
  public static final HeaderName ACCEPT = known("Accept", (char) 0, true);
  public static final HeaderName EXPIRES = known("Expires", (char) 0, false);
  public static final HeaderName REFER_TO = known("Refer-To", 'r', true);
  public static final HeaderName EVENT = known("Event", 'o', false);
  public static final HeaderName ALLOW_EVENTS = known("Allow-Events", 'u', true);
  public static final HeaderName ACCEPT_CONTACT = known("Accept-Contact", 'a', true);
  public static final HeaderName REFERRED_BY = known("Referred-By", 'b', false);
  public static final HeaderName SESSION_EXPIRES = known("Session-Expires", 'x', false);
  public static final HeaderName IDENTITY = known("Identity", 'y', false);
  public static final HeaderName REQUEST_DISPOSITION = known("Request-Disposition", 'd', true);
  public static final HeaderName REJECT_CONTACT = known("Reject-Contact", 'j', true);
  public static final HeaderName AUTHORIZATION = known("Authorization", (char) 0, false);
  public static final HeaderName PROXY_AUTHORIZATION =
      known("Proxy-Authorization", (char) 0, false);
  public static final HeaderName WWW_AUTHENTICATE = known("WWW-Authenticate", (char) 0, false);
  public static final HeaderName PROXY_AUTHENTICATE = known("Proxy-Authenticate", (char) 0, false);
  public static final HeaderName DATE = known("Date", (char) 0, false);
  public static final HeaderName RETRY_AFTER = known("Retry-After", (char) 0, false);
  public static final HeaderName WARNING = known("Warning", (char) 0, true);
  public static final HeaderName USER_AGENT = known("User-Agent", (char) 0, false);
  public static final HeaderName SERVER = known("Server", (char) 0, false);
  public static final HeaderName TIMESTAMP = known("Timestamp", (char) 0, false);
  public static final HeaderName PATH = known("Path", (char) 0, true);

  private final String name;
  private final byte[] lower;
  private final byte compact;
  private final int id;
  private final boolean commaList;

  private HeaderName(String name, char compact, int id, boolean commaList) {
    this.name = name;
    this.lower = Bytes.ascii(name.toLowerCase(Locale.ROOT));
    this.compact = (byte) compact;
    this.id = id;
    this.commaList = commaList;
  }

  private static HeaderName known(String name, char compact, boolean commaList) {
    HeaderName h = new HeaderName(name, compact, KNOWN.size(), commaList);
    KNOWN.add(h);
    if (compact != 0) {
      BY_COMPACT[compact] = h;
      BY_COMPACT[Character.toUpperCase(compact)] = h;
    }
    int len = name.length();
    HeaderName[] same = Arrays.copyOf(BY_LENGTH[len], BY_LENGTH[len].length + 1);
    same[same.length - 1] = h;
    BY_LENGTH[len] = same;
    return h;
  }

  /**
   * The name for {@code name}: a constant when it is a well-known name or compact form (in any
   * case), else a new name compared case-insensitively.
   */
  public static HeaderName of(String name) {
    Objects.requireNonNull(name, "name");
    byte[] b = Bytes.ascii(name);
    if (b.length == 0) {
      throw new IllegalArgumentException("empty header name");
    }
    for (byte c : b) {
      if (!Bytes.isToken(c)) {
        throw new IllegalArgumentException("not a token: " + name);
      }
    }
    int id = idOf(b, 0, b.length);
    return id >= 0 ? KNOWN.get(id) : new HeaderName(name, (char) 0, -1, false);
  }

  /** The id of a well-known name in buf[start, end) (full or compact, any case), else -1. */
  static int idOf(byte[] buf, int start, int end) {
    int len = end - start;
    if (len == 1) {
      byte b = buf[start];
      HeaderName h = b >= 0 ? BY_COMPACT[b] : null;
      return h == null ? -1 : h.id;
    }
    if (len > MAX_KNOWN_LENGTH) {
      return -1;
    }
    for (HeaderName h : BY_LENGTH[len]) {
      if (Bytes.equalsLower(buf, start, end, h.lower)) {
        return h.id;
      }
    }
    return -1;
  }

  /** Whether the header line whose name is buf[start, end) with resolved id {@code id} is this. */
  boolean matches(int lineId, byte[] buf, int start, int end) {
    if (id >= 0) {
      return lineId == id;
    }
    return lineId < 0 && Bytes.equalsLower(buf, start, end, lower);
  }

  /** The canonical spelling, e.g. {@code Call-ID}. */
  public String name() {
    return name;
  }

  /** The compact form (e.g. 'i' for Call-ID), or 0 when there is none. */
  public char compactForm() {
    return (char) compact;
  }

  /**
   * Whether values of this header form a comma-separated list (RFC 3261 §7.3.1), so several values
   * may share one line. False for headers whose grammar has bare commas (Date, Authorization,
   * Subject, ...) and for unknown headers, which are kept opaque.
   */
  public boolean isCommaList() {
    return commaList;
  }

  boolean isWellKnown() {
    return id >= 0;
  }

  /** The id the index stores for lines with this name; -1 for names that are not well known. */
  int id() {
    return id;
  }

  byte[] bytes() {
    return Bytes.ascii(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderName other
        && other.id == id
        && (id >= 0 || other.name.equalsIgnoreCase(name));
  }

  @Override
  public int hashCode() {
    return id >= 0 ? id : name.toLowerCase(Locale.ROOT).hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
