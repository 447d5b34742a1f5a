package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.CSeq;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks a proxy makes before it forwards a message (RFC 3261 §16.3 request validation, the
 * §8.2 checks that apply to proxies, §16.7 for responses). Requests that fail are answered (REJECT
 * with the status); responses that fail are dropped, never answered (§16.7, RFC 4475 scalarlg,
 * bigcode, bcast).
 */
public final class SipValidator {
  private static final byte[] SIP_SLASH = Bytes.ascii("sip/");
  private static final int BROADCAST = 0xFF;

  private final Set<String> supportedOptionTags;

  /**
   * @param supportedOptionTags the option tags this proxy supports; a Proxy-Require with any other
   *     tag is refused with 420 (§16.3 step 5). Compared case-sensitively, as tokens.
   */
  public SipValidator(Set<String> supportedOptionTags) {
    this.supportedOptionTags = Set.copyOf(supportedOptionTags);
  }

  /** The verdict for a message that did not even parse: REJECT for requests, DROP for responses. */
  public static Verdict forParseError(byte[] buf, int off, int len, SipParseException e) {
    int pos = SipParser.skipLeadingCrlf(buf, off, off + len);
    boolean response = off + len - pos >= 4 && Bytes.equalsLower(buf, pos, pos + 4, SIP_SLASH);
    return response ? Verdict.drop(e.getMessage()) : Verdict.reject(e.status(), e.reason());
  }

  public Verdict validate(SipMessage message) {
    return switch (message) {
      case SipRequest r -> validateRequest(r);
      case SipResponse r -> validateResponse(r);
    };
  }

  private Verdict validateRequest(SipRequest r) {
    Verdict v;
    try {
      v = checkRequestSyntax(r);
    } catch (SipParseException e) {
      return Verdict.reject(e.status(), e.reason());
    }
    if (v != null) {
      return v;
    }
    if ((v = checkScheme(r)) != null) {
      return v;
    }
    if ((v = checkMaxForwards(r)) != null) {
      return v;
    }
    return checkProxyRequire(r);
  }

  /**
   * §16.3 step 1, reasonable syntax: the headers a proxy uses must parse and the single-valued ones
   * appear once (RFC 4475 insuf, multi01, badinv01, scalar02); the CSeq method must be the
   * request's (§8.1.1.5, mismatch01, mismatch02).
   */
  private static Verdict checkRequestSyntax(SipRequest r) throws SipParseException {
    r.to();
    r.from();
    r.callId();
    CSeq cseq = r.cseq();
    if (r.vias().isEmpty()) {
      return Verdict.reject(400, "missing Via header");
    }
    r.maxForwards();
    r.contacts();
    r.routes();
    r.recordRoutes();
    if (r.valueCount(HeaderName.CONTENT_LENGTH) > 1) {
      return Verdict.reject(400, "more than one Content-Length value");
    }
    if (!cseq.method().equals(r.method().name())) {
      // an unknown method whose CSeq disagrees: the element cannot handle the method at all
      return r.method().isKnown()
          ? Verdict.reject(400, "CSeq method differs from the request method")
          : Verdict.reject(501, "Not Implemented");
    }
    return null;
  }

  /**
   * §16.3 step 2: a Request-URI scheme the proxy does not understand is 416 (RFC 4475 unkscm,
   * novelsc). A SIP Request-URI with headers is refused (400): §19.1.5 forbids them there and
   * forwarding would need them stripped (RFC 4475 escruri, strict choice).
   */
  private static Verdict checkScheme(SipRequest r) {
    String scheme = r.requestUriScheme();
    Uri uri;
    try {
      uri = r.requestUri();
    } catch (SipParseException e) {
      return Verdict.reject(400, "malformed Request-URI: " + e.reason());
    }
    if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel")) {
      return Verdict.reject(416, "Unsupported URI Scheme");
    }
    if (uri instanceof SipUri sip && !sip.headers().isEmpty()) {
      return Verdict.reject(400, "headers in the Request-URI");
    }
    return null;
  }

  /** §16.3 step 3 (RFC 4475 zeromf): 483, or for OPTIONS the proxy may answer itself. */
  private static Verdict checkMaxForwards(SipRequest r) {
    try {
      if (r.maxForwards() != 0) {
        return null;
      }
    } catch (SipParseException e) {
      return Verdict.reject(e.status(), e.reason());
    }
    boolean options = r.method().equals(Method.OPTIONS);
    return new Verdict(Verdict.Kind.REJECT, 483, "Too Many Hops", List.of(), options);
  }

  /** §16.3 step 5 (RFC 4475 bext01): unsupported Proxy-Require tags give 420 with Unsupported. */
  private Verdict checkProxyRequire(SipRequest r) {
    List<String> unsupported = new ArrayList<>();
    for (String tag : r.headerValues(HeaderName.PROXY_REQUIRE)) {
      if (!tag.isEmpty() && !supportedOptionTags.contains(tag)) {
        unsupported.add(tag);
      }
    }
    if (unsupported.isEmpty()) {
      return Verdict.ACCEPT;
    }
    return Verdict.reject(
        420,
        "Bad Extension",
        List.of(new HeaderField(HeaderName.UNSUPPORTED, String.join(", ", unsupported))));
  }

  /**
   * §16.7: a response the proxy cannot match or forward is dropped. The proxy removes its own top
   * Via and sends to the next one: a broadcast sent-by there is never a target (RFC 4475 bcast).
   */
  private static Verdict validateResponse(SipResponse r) {
    List<Via> vias;
    try {
      vias = r.vias();
      r.cseq();
      r.callId();
      r.from();
      r.to();
    } catch (SipParseException e) {
      return Verdict.drop(e.getMessage());
    }
    if (vias.isEmpty()) {
      return Verdict.drop("response without Via");
    }
    if (vias.size() > 1 && isBroadcast(vias.get(1).sentByHost())) {
      return Verdict.drop("next Via is a broadcast address");
    }
    return Verdict.ACCEPT;
  }

  private static boolean isBroadcast(Host host) {
    if (host.kind() != Host.Kind.IPV4) {
      return false;
    }
    for (byte b : host.address()) {
      if ((b & 0xFF) != BROADCAST) {
        return false;
      }
    }
    return true;
  }
}
