package io.isthmus.proxy.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on one network's {@code tls} socket (RFC 3261 §26.2, RFC 5630): the proxy's certificate for
 * both directions (server towards callers, client certificate towards carriers that ask), whom it
 * trusts, and whether it asks callers for their certificate.
 *
 * @param certificate PEM file with the proxy's certificate, optionally followed by its chain
 * @param key PEM file with the private key (PKCS#8, unencrypted: {@code BEGIN PRIVATE KEY})
 * @param chain optional PEM file with intermediate certificates sent after the certificate
 * @param trust optional PEM file of CA certificates: checks client certificates and the
 *     certificates of servers the proxy connects to; empty: the JDK's default trust store
 * @param clientAuth whether callers must (or may) present a certificate (mutual TLS)
 * @param verifyServer whether a server's certificate is checked when the proxy connects (its chain
 *     against {@code trust}, its name or IP address against the destination). Off only for test
 *     peers with self-signed certificates
 * @param protocols enabled protocol versions, of {@code TLSv1.2} and {@code TLSv1.3}
 * @param sni certificates chosen by the server name a caller asks for (RFC 6066 SNI): host name (or
 *     {@code *.domain}) to its certificate and key; the default certificate otherwise
 */
public record TlsSettings(
    Path certificate,
    Path key,
    Optional<Path> chain,
    Optional<Path> trust,
    ClientAuth clientAuth,
    boolean verifyServer,
    List<String> protocols,
    Map<String, Identity> sni) {

  /** The protocol versions enabled by default: TLS 1.2 and 1.3. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Whether the server side asks the peer for a certificate. */
  public enum ClientAuth {
    /** No client certificate requested. */
    NONE,
    /** Requested and checked when sent; a peer without one is still accepted. */
    OPTIONAL,
    /** Required: a peer without a valid certificate fails the handshake. */
    REQUIRE
  }

  /** One certificate with its key. */
  public record Identity(Path certificate, Path key) {
    public Identity {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  public TlsSettings {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(clientAuth, "clientAuth");
    protocols = List.copyOf(protocols);
    sni = Map.copyOf(sni);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("no TLS protocol version enabled");
    }
    for (String p : protocols) {
      if (!DEFAULT_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException(
            "unsupported TLS protocol version " + p + " (expected TLSv1.2 or TLSv1.3)");
      }
    }
    if (clientAuth != ClientAuth.NONE && trust.isEmpty()) {
      throw new IllegalArgumentException(
          "client certificates are verified against a trust file: none given");
    }
  }

  /** Server certificate and key only; no client certificates, servers verified by the JDK. */
  public static TlsSettings of(Path certificate, Path key) {
    return new TlsSettings(
        certificate,
        key,
        Optional.empty(),
        Optional.empty(),
        ClientAuth.NONE,
        true,
        DEFAULT_PROTOCOLS,
        Map.of());
  }

  /** A copy with another trust file and server verification. */
  public TlsSettings withTrust(Optional<Path> trustFile, boolean verify) {
    return new TlsSettings(certificate, key, chain, trustFile, clientAuth, verify, protocols, sni);
  }

  /** A copy with another client-certificate rule. */
  public TlsSettings withClientAuth(ClientAuth auth) {
    return new TlsSettings(certificate, key, chain, trust, auth, verifyServer, protocols, sni);
  }
}
