package io.isthmus.app.admin;

import io.isthmus.app.config.AdminConfig;
import io.isthmus.proxy.transport.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The admin endpoint's HTTPS: an {@link SSLContext} (TLS 1.3 and 1.2, the JDK's defaults) whose
 * certificate and key come from the PEM files of {@code admin.tls}. {@link #reload} re-reads them
 * ({@code ctl reload}, SIGHUP): new connections get the new certificate, open ones go on. The JDK
 * HTTP server keeps one SSLContext for its life, so the context's key manager is a switch over the
 * current one.
 */
final class AdminTls {
  private static final String ALIAS = "admin";

  private final AdminConfig.Tls files;
  private final SSLContext context;
  private volatile X509ExtendedKeyManager current;

  private AdminTls(AdminConfig.Tls files) throws IOException, GeneralSecurityException {
    this.files = files;
    this.current = keyManager(files);
    this.context = SSLContext.getInstance("TLS");
    context.init(new javax.net.ssl.KeyManager[] {new Switch()}, null, null);
  }

  /** Loads the certificate and key; a bad file is an IOException naming it. */
  static AdminTls open(AdminConfig.Tls files) throws IOException {
    try {
      return new AdminTls(files);
    } catch (GeneralSecurityException e) {
      throw new IOException("admin.tls " + files.certificate() + ": " + e.getMessage(), e);
    }
  }

  SSLContext context() {
    return context;
  }

  /** The certificate served now (the first of the file). */
  X509Certificate certificate() {
    return current.getCertificateChain(ALIAS)[0];
  }

  /** Re-reads the files; on failure the old certificate stays and the exception says why. */
  void reload() throws IOException {
    current = keyManager(files);
  }

  private static X509ExtendedKeyManager read(AdminConfig.Tls files)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = PemFiles.certificates(files.certificate());
    PrivateKey key = PemFiles.privateKey(files.key());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] none = new char[0];
    store.setKeyEntry(ALIAS, key, none, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, none);
    for (var km : kmf.getKeyManagers()) {
      if (km instanceof X509ExtendedKeyManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 key manager");
  }

  private static X509ExtendedKeyManager keyManager(AdminConfig.Tls files) throws IOException {
    try {
      return read(files);
    } catch (GeneralSecurityException e) {
      throw new IOException("admin.tls " + files.certificate() + ": " + e.getMessage(), e);
    }
  }

  /** Delegates every choice to the key manager of the files read last. */
  private final class Switch extends X509ExtendedKeyManager {
    @Override
    public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
      return current.chooseEngineServerAlias(type, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
      return current.chooseServerAlias(type, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
      return current.getServerAliases(type, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return current.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return current.getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
      return null; // a server only
    }

    @Override
    public String chooseClientAlias(String[] type, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
