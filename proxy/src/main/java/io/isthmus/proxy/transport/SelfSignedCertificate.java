package io.isthmus.proxy.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a self-signed test certificate (EC P-256, the given IP addresses and names as subject
 * alternative names) with the JDK's own {@code keytool}, and writes it and its key as PEM files.
 * For trying TLS out of the box and for tests: peers must be told to accept it (it proves nothing
 * about who we are).
 */
public final class SelfSignedCertificate {
  private SelfSignedCertificate() {}

  /**
   * Writes {@code certificate} and {@code key} (PKCS#8, owner-only permissions).
   *
   * @param commonName the subject's CN
   * @param ips IP addresses for the subjectAltName (what SIP peers check for a next hop by address)
   * @param dnsNames host names for the subjectAltName
   * @throws IOException when keytool is missing or fails, or the files cannot be written
   */
  public static void generate(
      Path certificate, Path key, String commonName, List<String> ips, List<String> dnsNames)
      throws IOException {
    Path dir = Files.createTempDirectory("isthmus-cert");
    Path store = dir.resolve("self-signed.p12");
    try {
      List<String> san = new ArrayList<>();
      ips.forEach(ip -> san.add("ip:" + ip));
      dnsNames.forEach(n -> san.add("dns:" + n));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      cmd.addAll(
          List.of(
              "-genkeypair",
              "-alias",
              "isthmus",
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-sigalg",
              "SHA256withECDSA",
              "-validity",
              "825",
              "-dname",
              "CN=" + commonName,
              "-keystore",
              store.toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              "isthmus",
              "-keypass",
              "isthmus"));
      if (!san.isEmpty()) {
        cmd.add("-ext");
        cmd.add("SAN=" + String.join(",", san));
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool failed to make a self-signed certificate: " + out.strip());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, "isthmus".toCharArray());
      }
      PrivateKey k = (PrivateKey) ks.getKey("isthmus", "isthmus".toCharArray());
      Certificate c = ks.getCertificate("isthmus");
      Files.createDirectories(certificate.toAbsolutePath().getParent());
      Files.createDirectories(key.toAbsolutePath().getParent());
      Files.writeString(certificate, PemFiles.pem("CERTIFICATE", c.getEncoded()));
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(key, PemFiles.pem("PRIVATE KEY", k.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read keytool's certificate: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a certificate", e);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }
}
