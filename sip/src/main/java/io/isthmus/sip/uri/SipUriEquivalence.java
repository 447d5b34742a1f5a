package io.isthmus.sip.uri;

import java.util.Objects;

/**
 * SIP URI comparison, RFC 3261 §19.1.4: userinfo case-sensitive, everything else ignoring case; an
 * escaped character equals the plain one unless it is reserved; no port is not port 5060; the user,
 * ttl, method, maddr and transport parameters must be in both or neither; any other parameter must
 * match only when it is in both; headers must all be in both; order never counts.
 */
final class SipUriEquivalence {
  private static final String[] MUST_MATCH = {"user", "ttl", "method", "maddr", "transport"};

  private SipUriEquivalence() {}

  static boolean equivalent(SipUri a, SipUri b) {
    if (a.secure() != b.secure()
        || a.port() != b.port()
        || !a.hostAddress().equivalentTo(b.hostAddress())
        || !Objects.equals(Escapes.normalize(a.user(), false), Escapes.normalize(b.user(), false))
        || !Objects.equals(
            Escapes.normalize(a.password(), false), Escapes.normalize(b.password(), false))) {
      return false;
    }
    Parameters pa = a.parameters();
    Parameters pb = b.parameters();
    for (String name : MUST_MATCH) {
      if (pa.contains(name) != pb.contains(name)) {
        return false;
      }
    }
    if (!paramsAgree(pa, pb) || !paramsAgree(pb, pa)) {
      return false;
    }
    return sameParameters(a.headers(), b.headers());
  }

  /** The same names with the same values, in any order (URI headers; tel parameters). */
  static boolean sameParameters(Parameters x, Parameters y) {
    return headersContained(x, y) && headersContained(y, x);
  }

  /**
   * Every parameter of {@code x} that {@code y} also has carries the same value. A repeated name
   * counts once, with its first value (the one lookups return).
   */
  private static boolean paramsAgree(Parameters x, Parameters y) {
    for (int i = 0; i < x.size(); i++) {
      String name = Escapes.decode(x.name(i));
      if (x.indexOf(name) != i) {
        continue;
      }
      int j = y.indexOf(name);
      if (j >= 0 && !sameValue(x.value(i), y.value(j))) {
        return false;
      }
    }
    return true;
  }

  private static boolean headersContained(Parameters x, Parameters y) {
    for (int i = 0; i < x.size(); i++) {
      String name = Escapes.decode(x.name(i));
      if (x.indexOf(name) != i) {
        continue;
      }
      int j = y.indexOf(name);
      if (j < 0 || !sameValue(x.value(i), y.value(j))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(String v, String w) {
    return Objects.equals(Escapes.normalize(v, true), Escapes.normalize(w, true));
  }
}
