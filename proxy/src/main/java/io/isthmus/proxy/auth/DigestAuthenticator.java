package io.isthmus.proxy.auth;

import io.isthmus.common.time.Clock;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of requests by a proxy (RFC 3261 §22.3, RFC 2617 with qop=auth, RFC 8760
 * SHA-256 and MD5) for one network.
 *
 * <p>Nonces need no table to be checked: a nonce is the time it was minted and an HMAC over that
 * time, the source address and the realm, under a key made at start-up; so a nonce is bound to the
 * source it was sent to and to its age. The only state is the highest nonce count seen per nonce in
 * use (replay protection, RFC 2617 §3.2.2), swept once its nonce has expired; a request without qop
 * (RFC 2069) may use its nonce once.
 *
 * <p>Thread-safe: the cores of all loops call it. Credentials are replaced atomically on reload.
 */
public final class DigestAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(DigestAuthenticator.class);
  private static final int MAC_BYTES = 16;

  private final DigestSettings settings;
  private final Clock clock;
  private final byte[] key;
  private volatile Credentials credentials;
  private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();
  private final Map<AuthResult.Failure, LongAdder> failures =
      new EnumMap<>(AuthResult.Failure.class);
  private final LongAdder successes = new LongAdder();

  /**
   * @param settings realm, file, algorithms, nonce lifetime
   * @param credentials the file's entries as read at start
   * @param clock the time nonces carry (monotonic; nonces do not survive a restart, nor does the
   *     key)
   */
  public DigestAuthenticator(DigestSettings settings, Credentials credentials, Clock clock) {
    this.settings = settings;
    this.credentials = credentials;
    this.clock = clock;
    this.key = new byte[32];
    new SecureRandom().nextBytes(key);
    for (AuthResult.Failure f : AuthResult.Failure.values()) {
      failures.put(f, new LongAdder());
    }
  }

  /** Reads the settings' credentials file and builds the authenticator. */
  public static DigestAuthenticator load(DigestSettings settings, Clock clock) throws IOException {
    return new DigestAuthenticator(settings, Credentials.read(settings.credentials()), clock);
  }

  public DigestSettings settings() {
    return settings;
  }

  /** Re-reads the credentials file; on failure the running entries stay and the error is thrown. */
  public void reload() throws IOException {
    Credentials next = Credentials.read(settings.credentials());
    credentials = next;
    LOG.info("credentials of realm {} reloaded: {} entries", settings.realm(), next.size());
  }

  /** Requests that passed authentication. */
  public long successes() {
    return successes.sum();
  }

  /** Refused or challenged requests by cause. */
  public long failures(AuthResult.Failure cause) {
    return failures.get(cause).sum();
  }

  /** Checks {@code request} from {@code source}: its credentials for our realm, or a challenge. */
  public AuthResult check(SipRequest request, InetAddress source) {
    Map<String, String> p = null;
    for (String value : request.headerValues(HeaderName.PROXY_AUTHORIZATION)) {
      Map<String, String> candidate = AuthParams.parse(value);
      if (candidate != null && settings.realm().equals(candidate.get("realm"))) {
        p = candidate;
        break;
      }
    }
    if (p == null) {
      boolean any = request.hasHeader(HeaderName.PROXY_AUTHORIZATION);
      return challenge(
          any ? AuthResult.Failure.MALFORMED : AuthResult.Failure.NONE, false, source, null);
    }
    String user = p.get("username");
    String nonce = p.get("nonce");
    String uri = p.get("uri");
    String response = p.get("response");
    DigestAlgorithm alg = DigestAlgorithm.of(p.get("algorithm"));
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    if (user == null
        || nonce == null
        || uri == null
        || response == null
        || alg == null
        || !settings.algorithms().contains(alg)
        || !uriMatches(uri, request)
        || (qop != null && (!qop.equalsIgnoreCase("auth") || nc == null || cnonce == null))) {
      return challenge(AuthResult.Failure.MALFORMED, false, source, user);
    }
    long minted = mintedAt(nonce, source);
    if (minted == Long.MIN_VALUE) {
      return challenge(AuthResult.Failure.BAD_NONCE, false, source, user);
    }
    String ha1 = credentials.ha1(user, settings.realm(), alg);
    String ha2 = alg.hex(request.method().name() + ":" + uri);
    String expected =
        ha1 == null
            ? null
            : qop == null
                ? alg.hex(ha1 + ":" + nonce + ":" + ha2)
                : alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    if (expected == null
        || !MessageDigest.isEqual(
            expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            response
                .toLowerCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      return challenge(AuthResult.Failure.WRONG_CREDENTIALS, false, source, user);
    }
    long now = clock.nanos();
    if (now - minted > settings.nonceLifetime().toNanos()) {
      return challenge(AuthResult.Failure.STALE, true, source, user);
    }
    long count;
    try {
      count = qop == null ? 0 : Long.parseLong(nc, 16);
    } catch (NumberFormatException e) {
      return challenge(AuthResult.Failure.MALFORMED, false, source, user);
    }
    if (!advance(nonce, count, qop == null)) {
      return challenge(AuthResult.Failure.REPLAYED, false, source, user);
    }
    successes.increment();
    return new AuthResult.Authenticated(user, settings.realm());
  }

  /**
   * The digest-uri names the request's target (RFC 2617 §3.2.2.5): the Request-URI itself, or the
   * same scheme, host and port without the user part (what some UAs, sipp among them, put there).
   */
  private static boolean uriMatches(String digestUri, SipRequest request) {
    String target = request.requestUriText();
    if (digestUri.equals(target)) {
      return true;
    }
    try {
      io.isthmus.sip.uri.SipUri d = io.isthmus.sip.uri.SipUri.parse(digestUri);
      if (request.requestUri() instanceof io.isthmus.sip.uri.SipUri r) {
        return d.secure() == r.secure()
            && d.host().equalsIgnoreCase(r.host())
            && d.port() == r.port();
      }
    } catch (io.isthmus.sip.SipParseException e) {
      return false;
    }
    return false;
  }

  /** Records nonce count {@code nc} for {@code nonce}; false when it is not above the last one. */
  private boolean advance(String nonce, long nc, boolean once) {
    if (counts.size() > 10_000) {
      sweep();
    }
    boolean[] fresh = {false};
    counts.compute(
        nonce,
        (k, last) -> {
          if (last == null || (!once && nc > last)) {
            fresh[0] = true;
            return once ? Long.MAX_VALUE : nc;
          }
          return last;
        });
    return fresh[0];
  }

  /** Forgets the counts of expired nonces (they are refused as stale before counting anyway). */
  private void sweep() {
    long now = clock.nanos();
    counts
        .keySet()
        .removeIf(
            n -> {
              long t = timeOf(n);
              return t == Long.MIN_VALUE || now - t > settings.nonceLifetime().toNanos();
            });
  }

  private AuthResult challenge(
      AuthResult.Failure why, boolean stale, InetAddress source, String user) {
    failures.get(why).increment();
    if (why != AuthResult.Failure.NONE) {
      LOG.info(
          "digest authentication from {} failed: {}{}",
          source.getHostAddress(),
          why.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          user == null ? "" : " (user " + user + ")");
    }
    String nonce = mint(source);
    List<String> values = new ArrayList<>();
    for (DigestAlgorithm a : settings.algorithms()) {
      values.add(
          "Digest realm=\""
              + settings.realm()
              + "\", nonce=\""
              + nonce
              + "\", algorithm="
              + a.token()
              + ", qop=\"auth\""
              + (stale ? ", stale=true" : ""));
    }
    return new AuthResult.Challenge(values, why);
  }

  /** A nonce for {@code source} minted now. */
  String mint(InetAddress source) {
    long now = clock.nanos();
    ByteBuffer b = ByteBuffer.allocate(8 + MAC_BYTES);
    b.putLong(now);
    b.put(mac(now, source), 0, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The mint time of a nonce made by us for {@code source}; Long.MIN_VALUE when it is not. */
  private long mintedAt(String nonce, InetAddress source) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Long.MIN_VALUE;
    }
    if (raw.length != 8 + MAC_BYTES) {
      return Long.MIN_VALUE;
    }
    long t = ByteBuffer.wrap(raw).getLong();
    byte[] want = mac(t, source);
    byte[] got = java.util.Arrays.copyOfRange(raw, 8, 8 + MAC_BYTES);
    return MessageDigest.isEqual(java.util.Arrays.copyOf(want, MAC_BYTES), got)
        ? t
        : Long.MIN_VALUE;
  }

  private static long timeOf(String nonce) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(nonce);
      return raw.length == 8 + MAC_BYTES ? ByteBuffer.wrap(raw).getLong() : Long.MIN_VALUE;
    } catch (IllegalArgumentException e) {
      return Long.MIN_VALUE;
    }
  }

  private byte[] mac(long time, InetAddress source) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(ByteBuffer.allocate(8).putLong(time).array());
      m.update(source.getAddress());
      m.update(settings.realm().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }
}
