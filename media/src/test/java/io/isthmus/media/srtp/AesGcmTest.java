package io.isthmus.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link AesGcm} against the test cases of McGrew and Viega's GCM specification (those with a
 * 96-bit IV: 1-4 for AES-128, 13-16 for AES-256) and against the JDK's {@code AES/GCM/NoPadding}.
 */
class AesGcmTest {
  static final HexFormat HEX = HexFormat.of();

  static final String K3 = "feffe9928665731c6d6a8f9467308308";
  static final String IV3 = "cafebabefacedbaddecaf888";
  static final String P3 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  static final String A4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
  static final String C3 =
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
          + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
  static final String C15 =
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

  @Test
  void aes128EmptyPlaintextNoAad() {
    // Test case 1: K = 0, IV = 0, P empty: the tag alone.
    vector("00".repeat(16), "00".repeat(12), "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");
  }

  @Test
  void aes128OneZeroBlock() {
    // Test case 2: K = 0, IV = 0, P = 0^128.
    vector(
        "00".repeat(16),
        "00".repeat(12),
        "00".repeat(16),
        "",
        "0388dace60b6a392f328c2b971b2fe78",
        "ab6e47d42cec13bdf53a67b21257bddf");
  }

  @Test
  void aes128FourBlocksNoAad() {
    // Test case 3
    vector(K3, IV3, P3, "", C3, "4d5c2af327cd64a62cf35abd2ba6fab4");
  }

  @Test
  void aes128SixtyBytesWithTwentyBytesOfAad() {
    // Test case 4: neither the plaintext (60) nor the AAD (20) a whole number of blocks.
    vector(
        K3,
        IV3,
        P3.substring(0, 120),
        A4,
        C3.substring(0, 120),
        "5bc94fbc3221a5db94fae95ae7121a47");
  }

  @Test
  void aes256EmptyPlaintextNoAad() {
    // Test case 13
    vector("00".repeat(32), "00".repeat(12), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
  }

  @Test
  void aes256OneZeroBlock() {
    // Test case 14
    vector(
        "00".repeat(32),
        "00".repeat(12),
        "00".repeat(16),
        "",
        "cea7403d4d606b6e074ec5d3baf39d18",
        "d0d1c8a799996bf0265b98b5d48ab919");
  }

  @Test
  void aes256FourBlocksNoAad() {
    // Test case 15
    vector(K3 + K3, IV3, P3, "", C15, "b094dac5d93471bdec1a502270e3cc6c");
  }

  @Test
  void aes256SixtyBytesWithTwentyBytesOfAad() {
    // Test case 16
    vector(
        K3 + K3,
        IV3,
        P3.substring(0, 120),
        A4,
        C15.substring(0, 120),
        "76fc6ece0f4e1768cddf8853bb2d551b");
  }

  /** Seals P to C || T, opens it back, and has the JDK agree, so a mistyped vector shows. */
  private static void vector(String k, String iv, String p, String a, String c, String t) {
    byte[] key = HEX.parseHex(k);
    byte[] nonce = HEX.parseHex(iv);
    byte[] plain = HEX.parseHex(p);
    byte[] aad = HEX.parseHex(a);
    byte[] expected = HEX.parseHex(c + t);
    assertThat(jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain)).isEqualTo(expected);

    AesGcm gcm = new AesGcm(key);
    byte[] buf = Arrays.copyOf(plain, plain.length + AesGcm.TAG);
    gcm.start(nonce);
    gcm.aad(aad, 0, aad.length);
    assertThat(gcm.seal(buf, 0, plain.length)).isEqualTo(expected.length);
    assertThat(buf).isEqualTo(expected);

    gcm.start(nonce);
    gcm.aad(aad, 0, aad.length);
    assertThat(gcm.open(buf, 0, buf.length)).isEqualTo(plain.length);
    assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
  }

  @Test
  void agreesWithTheJdkForEveryLengthBothWays() throws Exception {
    Random random = new Random(7714);
    for (int len = 0; len <= 300; len++) {
      byte[] key = new byte[len % 2 == 0 ? 16 : 32];
      random.nextBytes(key);
      AesGcm gcm = new AesGcm(key); // reused for every AAD length: nothing carries over
      for (int aadLen = 0; aadLen <= 40; aadLen++) {
        byte[] iv = new byte[12];
        byte[] plain = new byte[len];
        byte[] aad = new byte[aadLen];
        random.nextBytes(iv);
        random.nextBytes(plain);
        random.nextBytes(aad);
        byte[] jdkSealed = jdk(Cipher.ENCRYPT_MODE, key, iv, aad, plain);
        // Ours at an offset inside a larger array, the AAD given in two parts as SRTCP gives it.
        int off = random.nextInt(9);
        int split = random.nextInt(aadLen + 1);
        byte[] buf = new byte[off + len + AesGcm.TAG + 5];
        random.nextBytes(buf);
        byte[] around = buf.clone();
        System.arraycopy(plain, 0, buf, off, len);
        start(gcm, iv, aad, split);
        assertThat(gcm.seal(buf, off, len)).isEqualTo(len + AesGcm.TAG);
        assertThat(Arrays.copyOfRange(buf, off, off + len + AesGcm.TAG)).isEqualTo(jdkSealed);
        assertThat(Arrays.copyOf(buf, off)).isEqualTo(Arrays.copyOf(around, off));
        assertThat(Arrays.copyOfRange(buf, off + len + AesGcm.TAG, buf.length))
            .isEqualTo(Arrays.copyOfRange(around, off + len + AesGcm.TAG, buf.length));
        assertThat(jdk(Cipher.DECRYPT_MODE, key, iv, aad, jdkSealed)).isEqualTo(plain);

        // The JDK's ciphertext opened by ours.
        System.arraycopy(jdkSealed, 0, buf, off, jdkSealed.length);
        start(gcm, iv, aad, split);
        assertThat(gcm.open(buf, off, jdkSealed.length)).isEqualTo(len);
        assertThat(Arrays.copyOfRange(buf, off, off + len)).isEqualTo(plain);

        // One bit flipped anywhere in ciphertext or tag: refused, and the packet left as it came.
        byte[] tampered = jdkSealed.clone();
        int bit = random.nextInt(tampered.length * 8);
        tampered[bit / 8] ^= (byte) (1 << (bit % 8));
        System.arraycopy(tampered, 0, buf, off, tampered.length);
        start(gcm, iv, aad, split);
        assertThat(gcm.open(buf, off, tampered.length)).isEqualTo(-1);
        assertThat(Arrays.copyOfRange(buf, off, off + tampered.length)).isEqualTo(tampered);

        // One bit flipped in the AAD: refused too.
        if (aadLen > 0) {
          byte[] otherAad = aad.clone();
          otherAad[random.nextInt(aadLen)] ^= 0x01;
          System.arraycopy(jdkSealed, 0, buf, off, jdkSealed.length);
          start(gcm, iv, otherAad, split);
          assertThat(gcm.open(buf, off, jdkSealed.length)).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void refusesInputShorterThanTheTag() {
    AesGcm gcm = new AesGcm(new byte[16]);
    gcm.start(new byte[12]);
    assertThat(gcm.open(new byte[15], 0, 15)).isEqualTo(-1);
  }

  @Test
  void sealsAndOpensWithoutAllocating() {
    AesGcm gcm = new AesGcm(new byte[16]);
    byte[] iv = new byte[12];
    byte[] packet = new byte[12 + 160 + AesGcm.TAG]; // a G.711 packet: header as AAD
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    for (int round = 0; round < 3; round++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 20_000; i++) {
        iv[11] = (byte) i;
        gcm.start(iv);
        gcm.aad(packet, 0, 12);
        gcm.seal(packet, 12, 160);
        gcm.start(iv);
        gcm.aad(packet, 0, 12);
        gcm.open(packet, 12, 160 + AesGcm.TAG);
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (round == 2) {
        // Warmed up: well under a byte per packet (the JDK's GCM allocates ~2 KB per packet).
        assertThat(allocated).isLessThan(20_000L);
      }
    }
  }

  private static void start(AesGcm gcm, byte[] iv, byte[] aad, int split) {
    gcm.start(iv);
    gcm.aad(aad, 0, split);
    gcm.aad(aad, split, aad.length - split);
  }

  private static byte[] jdk(int mode, byte[] key, byte[] iv, byte[] aad, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
