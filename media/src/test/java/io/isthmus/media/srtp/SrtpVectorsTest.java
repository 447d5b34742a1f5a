package io.isthmus.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Published vectors: RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), and the
 * libsrtp reference packets for AES_CM_128_HMAC_SHA1_80 under the B.3 master key.
 */
class SrtpVectorsTest {
  static final HexFormat HEX = HexFormat.of();

  static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", "").toLowerCase());
  }

  // RFC 3711 B.3
  static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

  @Test
  void aesCmKeystreamMatchesRfc3711B2() {
    SessionKeys keys =
        SessionKeys.of(
            hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20]);
    // Keystream segment length 1044512 octets: 65282 blocks, counters ...0000 to ...FF01.
    byte[] zeros = new byte[1044512];
    keys.transform(zeros, 0, zeros.length, 0, 0);
    assertThat(Arrays.copyOfRange(zeros, 0, 48))
        .isEqualTo(
            hex(
                "E03EAD0935C95E80E166B16DD92B4EB4"
                    + "D23513162B02D0F72A43A2FE4A5F97AB"
                    + "41E95B3BB0A2E8DD477901E4FCA894C0"));
    assertThat(Arrays.copyOfRange(zeros, zeros.length - 48, zeros.length))
        .isEqualTo(
            hex(
                "EC8CDF7398607CB0F2D21675EA9EA1E4"
                    + "362B7C3C6773516318A077D7FC5073AE"
                    + "6A2CC3787889374FBEB4C81B17BA6C44"));
  }

  @Test
  void aesF8MatchesRfc3711B1() {
    // RFC 3711 B.1: a 4-byte session salt, m = salt || 0x5555...
    SessionKeys keys =
        SessionKeys.of(
            SrtpSuite.Cipher.AES_F8,
            hex("234829008467be186c3de14aae72d62c"),
            hex("32f2870d"),
            new byte[20]);
    byte[] header = hex("806e5cba50681de55c621599");
    byte[] payload =
        "pseudorandomness is the next best thing"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] p = new byte[header.length + payload.length];
    System.arraycopy(header, 0, p, 0, header.length);
    System.arraycopy(payload, 0, p, header.length, payload.length);
    keys.rtp(p, 0, 12, p.length, 0x5c621599L, (0xd462564aL << 16) | 0x5cba);
    assertThat(Arrays.copyOfRange(p, 12, p.length))
        .isEqualTo(
            hex(
                "019ce7a26e7854014a6366aa95d4eefd"
                    + "1ad4172a14f9faf455b7f1d4b62bd08f"
                    + "562c0eef7c4802"));
  }

  @Test
  void aesGcmMatchesRfc7714Section16() {
    // RFC 7714 16.1.1: AEAD_AES_128_GCM, session key and salt given, ROC 0.
    SessionKeys keys =
        SessionKeys.of(
            SrtpSuite.Cipher.AES_GCM,
            hex("000102030405060708090a0b0c0d0e0f"),
            hex("517569642070726f2071756f"),
            null);
    byte[] header = hex("8040f17b8041f8d35501a0b2");
    byte[] payload =
        "Gallia est omnis divisa in partes tres"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] p = new byte[header.length + payload.length + 16];
    System.arraycopy(header, 0, p, 0, header.length);
    System.arraycopy(payload, 0, p, header.length, payload.length);
    int n = keys.gcm(true, p, 0, 12, null, 12, payload.length, 0x5501a0b2L, 0, 0xf17b, 0, false);
    assertThat(n).isEqualTo(payload.length + 16);
    assertThat(Arrays.copyOfRange(p, 12, 12 + n))
        .isEqualTo(
            hex(
                "f24de3a3fb34de6cacba861c9d7e4bca"
                    + "be633bd50d294e6f42a5f47a51c7d19b"
                    + "36de3adf8833899d7f27beb16a9152cf"
                    + "765ee4390cce"));
    int back = keys.gcm(false, p, 0, 12, null, 12, n, 0x5501a0b2L, 0, 0xf17b, 0, false);
    assertThat(back).isEqualTo(payload.length);
    assertThat(Arrays.copyOfRange(p, 12, 12 + back)).isEqualTo(payload);
  }

  @Test
  void keyDerivationMatchesRfc3711B3() {
    Cipher prf = SessionKeys.aes(MASTER_KEY);
    assertThat(SessionKeys.derive(prf, MASTER_SALT, 0x00, 16))
        .as("cipher key")
        .isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
    assertThat(SessionKeys.derive(prf, MASTER_SALT, 0x02, 14))
        .as("cipher salt")
        .isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
    assertThat(SessionKeys.derive(prf, MASTER_SALT, 0x01, 94))
        .as("auth key, all 94 octets of the example")
        .isEqualTo(
            hex(
                "CEBE321F6FF7716B6FD4AB49AF256A15"
                    + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                    + "E049646C43D9327AD175578EF7227098"
                    + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                    + "6D6E919A48B610EF17C2041E47403576"
                    + "6B68642C59BBFC2F34DB60DBDFB2"));
  }

  // libsrtp test/srtp_driver.c reference packets (SSRC 0xCAFEBABE, seq 0x1234).
  static final byte[] RTP_PLAIN = hex("800F1234DECAFBADCAFEBABE" + "AB".repeat(16));
  static final byte[] RTP_PROTECTED =
      hex("800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB");
  static final byte[] RTCP_PLAIN = hex("81C8000BCAFEBABE" + "AB".repeat(16));
  static final byte[] RTCP_PROTECTED_INDEX_1 =
      hex("81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A8" + "80000001" + "993E08CD54D6C1230798");

  static MasterKey key() {
    return MasterKey.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
  }

  @Test
  void protectsTheReferenceRtpPacket() {
    byte[] p = Arrays.copyOf(RTP_PLAIN, RTP_PLAIN.length + 10);
    int n = SrtpContext.sender(key()).protectRtp(p, 0, RTP_PLAIN.length);
    assertThat(Arrays.copyOf(p, n)).isEqualTo(RTP_PROTECTED);
  }

  @Test
  void unprotectsTheReferenceRtpPacket() {
    byte[] p = RTP_PROTECTED.clone();
    int n = SrtpContext.receiver(key(), 0).unprotectRtp(p, 0, p.length);
    assertThat(Arrays.copyOf(p, n)).isEqualTo(RTP_PLAIN);
  }

  @Test
  void protectsTheReferenceRtcpPacketAsItsSecond() {
    SrtpContext sender = SrtpContext.sender(key());
    byte[] first = Arrays.copyOf(RTCP_PLAIN, RTCP_PLAIN.length + 14);
    sender.protectRtcp(first, 0, RTCP_PLAIN.length); // SRTCP index 0 (RFC 3711 §3.4)
    byte[] p = Arrays.copyOf(RTCP_PLAIN, RTCP_PLAIN.length + 14);
    int n = sender.protectRtcp(p, 0, RTCP_PLAIN.length);
    assertThat(Arrays.copyOf(p, n)).isEqualTo(RTCP_PROTECTED_INDEX_1);
  }

  @Test
  void unprotectsTheReferenceRtcpPacket() {
    byte[] p = RTCP_PROTECTED_INDEX_1.clone();
    int n = SrtpContext.receiver(key(), 0).unprotectRtcp(p, 0, p.length);
    assertThat(Arrays.copyOf(p, n)).isEqualTo(RTCP_PLAIN);
  }

  @Test
  void hmacMatchesTheJdkMac() throws Exception {
    byte[] key = hex("0102030405060708090A0B0C0D0E0F10111213");
    byte[] msg = "what do ya want for nothing?".repeat(9).getBytes();
    Mac jdk = Mac.getInstance("HmacSHA1");
    jdk.init(new SecretKeySpec(key, "HmacSHA1"));
    HmacSha1 ours = new HmacSha1(key);
    byte[] out = new byte[20];
    for (int len : new int[] {0, 1, 55, 56, 64, msg.length}) {
      ours.start();
      ours.update(msg, 0, len);
      ours.finish(out, 0);
      jdk.update(msg, 0, len);
      assertThat(out).as("HMAC of %d bytes", len).isEqualTo(jdk.doFinal());
    }
  }
}
