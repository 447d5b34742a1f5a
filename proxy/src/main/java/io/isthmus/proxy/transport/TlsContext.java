package io.isthmus.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.Mapping;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of one network (JDK SSLEngine through Netty's {@link SslHandler}): the server
 * side for connections callers open, with SNI, and the client side for connections the proxy opens.
 * {@link #reload()} reads the PEM files again and swaps the contexts atomically: connections
 * already open keep the engine they were made with, so no call is dropped; new handshakes use the
 * new certificate.
 */
public final class TlsContext {
  private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);

  private final String network;
  private final TlsSettings settings;
  private volatile Contexts current;

  /** One generation of contexts, built from the files at one moment. */
  private record Contexts(
      SslContext server, SslContext client, Map<String, SslContext> sni, X509Certificate leaf) {}

  private TlsContext(String network, TlsSettings settings, Contexts contexts) {
    this.network = network;
    this.settings = settings;
    this.current = contexts;
  }

  /**
   * Reads the files of {@code settings} and builds the contexts.
   *
   * @throws IOException naming the file that cannot be read or used
   */
  public static TlsContext load(String network, TlsSettings settings) throws IOException {
    return new TlsContext(network, settings, build(settings));
  }

  /**
   * Reads the files again; on success new handshakes use them, on failure the running contexts stay
   * and the error is thrown.
   */
  public void reload() throws IOException {
    Contexts next = build(settings);
    current = next;
    LOG.info(
        "TLS certificate of network {} reloaded: {} (valid until {})",
        network,
        next.leaf().getSubjectX500Principal().getName(),
        next.leaf().getNotAfter().toInstant());
  }

  /** The network these contexts serve. */
  public String network() {
    return network;
  }

  /** The settings the files come from. */
  public TlsSettings settings() {
    return settings;
  }

  /** The certificate presented by default now. */
  public X509Certificate certificate() {
    return current.leaf();
  }

  private static Contexts build(TlsSettings s) throws IOException {
    List<X509Certificate> chain = new ArrayList<>(PemFiles.certificates(s.certificate()));
    if (s.chain().isPresent()) {
      chain.addAll(PemFiles.certificates(s.chain().get()));
    }
    PrivateKey key = PemFiles.privateKey(s.key());
    X509Certificate[] trust =
        s.trust().isPresent()
            ? PemFiles.certificates(s.trust().get()).toArray(new X509Certificate[0])
            : null;
    X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
    checkKeyMatches(s.certificate(), certs[0], key);
    String[] protocols = s.protocols().toArray(new String[0]);
    try {
      SslContext server = server(key, certs, trust, s, protocols);
      SslContextBuilder client =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .protocols(protocols)
              .keyManager(key, certs);
      if (!s.verifyServer()) {
        client.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else if (trust != null) {
        client.trustManager(trust);
      }
      Map<String, SslContext> sni = new HashMap<>();
      for (Map.Entry<String, TlsSettings.Identity> e : s.sni().entrySet()) {
        X509Certificate[] c =
            PemFiles.certificates(e.getValue().certificate()).toArray(new X509Certificate[0]);
        PrivateKey k = PemFiles.privateKey(e.getValue().key());
        checkKeyMatches(e.getValue().certificate(), c[0], k);
        sni.put(e.getKey().toLowerCase(Locale.ROOT), server(k, c, trust, s, protocols));
      }
      return new Contexts(server, client.build(), Map.copyOf(sni), certs[0]);
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(s.certificate() + ": cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  private static SslContext server(
      PrivateKey key,
      X509Certificate[] certs,
      X509Certificate[] trust,
      TlsSettings s,
      String[] protocols)
      throws SSLException {
    SslContextBuilder b =
        SslContextBuilder.forServer(key, certs)
            .sslProvider(SslProvider.JDK)
            .protocols(protocols)
            .clientAuth(
                switch (s.clientAuth()) {
                  case NONE -> ClientAuth.NONE;
                  case OPTIONAL -> ClientAuth.OPTIONAL;
                  case REQUIRE -> ClientAuth.REQUIRE;
                });
    if (trust != null) {
      b.trustManager(trust);
    }
    return b.build();
  }

  /** A key that does not belong to the certificate fails every handshake: refuse it up front. */
  private static void checkKeyMatches(Path file, X509Certificate cert, PrivateKey key)
      throws IOException {
    String certAlg = cert.getPublicKey().getAlgorithm();
    String keyAlg = key.getAlgorithm();
    boolean rsa = certAlg.startsWith("RSA") && keyAlg.startsWith("RSA");
    boolean ec = certAlg.equals("EC") && keyAlg.equals("EC");
    boolean ed = certAlg.startsWith("Ed") && keyAlg.startsWith("Ed");
    if (!(rsa || ec || ed)) {
      throw new IOException(
          file + ": the key is " + keyAlg + " but the certificate's public key is " + certAlg);
    }
    if (rsa
        && cert.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub
        && key instanceof java.security.interfaces.RSAPrivateCrtKey priv
        && !pub.getModulus().equals(priv.getModulus())) {
      throw new IOException(file + ": the private key does not belong to the certificate");
    }
  }

  /** The handler of an accepted connection: SNI picks the context when configured. */
  ChannelHandler serverHandler(Channel ch) {
    Contexts c = current;
    if (c.sni().isEmpty()) {
      return c.server().newHandler(ch.alloc());
    }
    Mapping<String, SslContext> byName =
        host -> {
          if (host == null) {
            return c.server();
          }
          String h = host.toLowerCase(Locale.ROOT);
          SslContext exact = c.sni().get(h);
          if (exact != null) {
            return exact;
          }
          int dot = h.indexOf('.');
          SslContext wildcard = dot > 0 ? c.sni().get("*" + h.substring(dot)) : null;
          return wildcard != null ? wildcard : c.server();
        };
    return new SniHandler(byName);
  }

  /**
   * The handler of a connection the proxy opens to {@code remote}: the peer's certificate is
   * checked against its IP address (no SNI: RFC 6066 §3 sends none for an address literal).
   */
  SslHandler clientHandler(Channel ch, InetSocketAddress remote) {
    String host = remote.getAddress().getHostAddress();
    SslHandler h = current.client().newHandler(ch.alloc(), host, remote.getPort());
    if (settings.verifyServer()) {
      SSLEngine engine = h.engine();
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(p);
    }
    return h;
  }
}
