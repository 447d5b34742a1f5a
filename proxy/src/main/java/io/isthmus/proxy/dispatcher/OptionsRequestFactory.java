package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Builds the keepalive OPTIONS for a gateway, as Kamailio's {@code ds_ping_set} does: Request-URI
 * and To are the gateway URI; From is the gateway's {@code ping_from=} or {@code
 * sip:dispatcher@<local host>} (the host of its {@code socket=} attribute when it has one, so the
 * gateway sees the address it is probed from), with a fresh tag; a new Call-ID per probe; Max-
 * Forwards 70 (RFC 3261 §8.1.1.6). No Via: the transport adds it with the branch.
 */
public final class OptionsRequestFactory {
  /** The user part of the default From URI ({@code ds_ping_from} is sip:dispatcher@localhost). */
  public static final String FROM_USER = "dispatcher";

  private static final HexFormat HEX = HexFormat.of();

  private final String localHost;
  private final RandomGenerator random;
  private final AtomicLong cseq = new AtomicLong();

  /**
   * A factory for probes from {@code localHost} (an address of the proxy; IPv6 in brackets), with
   * tags and Call-IDs drawn from {@code random}.
   */
  public OptionsRequestFactory(String localHost, RandomGenerator random) {
    this.localHost = Objects.requireNonNull(localHost, "localHost");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A new OPTIONS request for {@code gateway}. */
  public SipRequest build(Gateway gateway) {
    GatewayAttrs attrs = gateway.attrs();
    String host = attrs.socket() != null ? attrs.socket().host() : localHost;
    String from =
        attrs.pingFrom() != null ? attrs.pingFrom().toString() : "sip:" + FROM_USER + "@" + host;
    String target = gateway.uri().toString();
    return SipRequest.builder(Method.OPTIONS, target)
        .header(HeaderName.MAX_FORWARDS, "70")
        .header(HeaderName.FROM, "<" + from + ">;tag=" + token(8))
        .header(HeaderName.TO, "<" + target + ">")
        .header(HeaderName.CALL_ID, token(16) + "@" + host)
        .header(HeaderName.CSEQ, cseq.incrementAndGet() + " OPTIONS")
        .build();
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HEX.formatHex(b);
  }
}
