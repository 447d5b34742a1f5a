package io.isthmus.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code admin:} the HTTP endpoint for health, Prometheus metrics, the JSON API and the status
 * page.
 *
 * @param listen where the HTTP server listens
 * @param tokenFile a file whose content (trimmed) is the bearer token every state change must carry
 *     ({@code Authorization: Bearer TOKEN}); required on a non-loopback address
 * @param tokenForReads reads (API, metrics) need the token too; /health never does
 * @param tls {@code admin.tls}: serve HTTPS (the API, metrics and status page) with this PEM
 *     certificate and key instead of plain HTTP
 */
public record AdminConfig(
    InetSocketAddress listen,
    java.util.Optional<java.nio.file.Path> tokenFile,
    boolean tokenForReads,
    java.util.Optional<Tls> tls) {

  /**
   * The admin endpoint's certificate.
   *
   * @param certificate PEM file: the certificate, optionally followed by its chain
   * @param key PEM file: the unencrypted PKCS#8 private key
   */
  public record Tls(java.nio.file.Path certificate, java.nio.file.Path key) {}

  /** Key of the HTTPS certificate section ({@code certificate}, {@code key}). */
  public static final String KEY_TLS = "tls";

  /** Plain HTTP. */
  public AdminConfig(
      InetSocketAddress listen, java.util.Optional<java.nio.file.Path> tokenFile, boolean reads) {
    this(listen, tokenFile, reads, java.util.Optional.empty());
  }

  /** Key of the token file, relative to the config file's directory. */
  public static final String KEY_TOKEN_FILE = "token-file";

  /** Key of the rule that reads need the token too (default false). */
  public static final String KEY_TOKEN_FOR_READS = "token-for-reads";

  /** An endpoint without a token. */
  public AdminConfig(InetSocketAddress listen) {
    this(listen, java.util.Optional.empty(), false);
  }

  /**
   * Key of the listen address; default 127.0.0.1:8080: loopback only, because the API can change
   * gateway states and delete calls, and exposing it is the operator's explicit choice.
   */
  public static final String KEY_LISTEN = "listen";

  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

  public static final AdminConfig DEFAULTS = new AdminConfig(DEFAULT_LISTEN);
}
