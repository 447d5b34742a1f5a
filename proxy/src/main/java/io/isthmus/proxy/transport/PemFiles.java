package io.isthmus.proxy.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM certificates and PKCS#8 private keys with the JDK alone. A key in another PEM form
 * (SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, encrypted) is refused with the
 * command that converts it.
 */
public final class PemFiles {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private PemFiles() {}

  /** Every certificate in the file, in order; at least one. */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException(file + ": no PEM certificate (BEGIN CERTIFICATE) in the file");
      }
      return out;
    } catch (CertificateException e) {
      throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** The private key of the file (PKCS#8, RSA, EC or EdDSA). */
  public static PrivateKey privateKey(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      String hint =
          text.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key"
              : text.contains("EC PRIVATE KEY") || text.contains("RSA PRIVATE KEY")
                  ? "a key in SEC1/PKCS#1 form"
                  : "no BEGIN PRIVATE KEY block";
      throw new IOException(
          file
              + ": "
              + hint
              + "; expected an unencrypted PKCS#8 key (convert with: openssl pkcs8 -topk8"
              + " -nocrypt -in KEY -out KEY.pk8)");
    }
    byte[] der =
        Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end).strip());
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + ": a PKCS#8 key of an unsupported algorithm (RSA, EC, Ed25519)");
  }

  /** PEM text of one DER block ({@code CERTIFICATE}, {@code PRIVATE KEY}). */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
