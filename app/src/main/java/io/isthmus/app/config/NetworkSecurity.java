package io.isthmus.app.config;

import io.isthmus.proxy.auth.DigestSettings;
import io.isthmus.proxy.flood.FloodSettings;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.transport.TlsSettings;
import java.util.List;
import java.util.Optional;

/**
 * The security keys of one network ({@code docs/security.md}).
 *
 * @param tls {@code tls:} the certificate of the network's TLS socket
 * @param selfSigned {@code tls.self-signed: true}: when the certificate or key file is missing at
 *     start, a self-signed test certificate is generated there (and logged as such)
 * @param auth {@code auth:} digest authentication required of this network's untrusted callers
 * @param limits {@code limits:} per-source flood protection
 * @param trusted {@code trusted:} subnets trusted like the dispatcher's gateways
 * @param mediaFromSdpOnly {@code accept-media-from: sdp}: the relay accepts this network's media
 *     only from the address and port its SDP signalled, during learning too (no NAT on this
 *     network; RTP injection and RTP Bleed impossible). Default {@code learned}: the relay learns
 *     the source during the learning window, then locks it
 */
public record NetworkSecurity(
    Optional<TlsSettings> tls,
    boolean selfSigned,
    Optional<DigestSettings> auth,
    Optional<FloodSettings> limits,
    List<Subnet> trusted,
    boolean mediaFromSdpOnly) {

  public static final String KEY_TLS = "tls";
  public static final String KEY_AUTH = "auth";
  public static final String KEY_LIMITS = "limits";
  public static final String KEY_TRUSTED = "trusted";
  public static final String KEY_ACCEPT_MEDIA_FROM = "accept-media-from";

  /** Nothing configured. */
  public static final NetworkSecurity NONE =
      new NetworkSecurity(
          Optional.empty(), false, Optional.empty(), Optional.empty(), List.of(), false);

  public NetworkSecurity {
    trusted = List.copyOf(trusted);
  }
}
