package io.isthmus.media.control;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal SRTP endpoint written independently of the relay's implementation, on other JDK
 * primitives (AES/CTR and javax.crypto.Mac), for packets with a 12-byte header and a rollover
 * counter of 0: what a test party uses to talk SRTP to the relay. Checked against libsrtp's
 * reference packet in {@link SrtpEndToEndTest}.
 */
final class TestSrtp {
  private final byte[][] rtp;
  private final byte[][] rtcp;
  private final int tagLength;

  TestSrtp(byte[] masterKey, byte[] masterSalt, int tagLength) {
    this.tagLength = tagLength;
    this.rtp = derive(masterKey, masterSalt, 0);
    this.rtcp = derive(masterKey, masterSalt, 3);
  }

  /** RFC 3711 §4.3.1: {encryption key, auth key, salt} from labels {@code base}..{@code base+2}. */
  private static byte[][] derive(byte[] key, byte[] salt, int base) {
    return new byte[][] {
      prf(key, salt, base, key.length), prf(key, salt, base + 1, 20), prf(key, salt, base + 2, 14)
    };
  }

  private static byte[] prf(byte[] key, byte[] salt, int label, int length) {
    byte[] iv = Arrays.copyOf(salt, 16);
    iv[7] ^= (byte) label;
    return ctr(key, iv, new byte[length]);
  }

  private static byte[] ctr(byte[] key, byte[] iv, byte[] data) {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return c.doFinal(data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] iv(byte[] salt, byte[] packet, int ssrcAt, long index) {
    byte[] iv = Arrays.copyOf(salt, 16);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= packet[ssrcAt + i];
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
    }
    return iv;
  }

  private static byte[] hmac(byte[] key, byte[] data, int len, byte[] suffix) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      mac.update(data, 0, len);
      mac.update(suffix);
      return mac.doFinal();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  byte[] protectRtp(byte[] packet) {
    int seq = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    byte[] body =
        ctr(rtp[0], iv(rtp[2], packet, 8, seq), Arrays.copyOfRange(packet, 12, packet.length));
    byte[] out = Arrays.copyOf(packet, packet.length + tagLength);
    System.arraycopy(body, 0, out, 12, body.length);
    byte[] tag = hmac(rtp[1], out, packet.length, new byte[4]); // ROC 0
    System.arraycopy(tag, 0, out, packet.length, tagLength);
    return out;
  }

  /** The RTP packet, or null if the tag does not match. */
  byte[] unprotectRtp(byte[] srtp) {
    int len = srtp.length - tagLength;
    byte[] tag = hmac(rtp[1], srtp, len, new byte[4]);
    if (!Arrays.equals(tag, 0, tagLength, srtp, len, srtp.length)) {
      return null;
    }
    int seq = ((srtp[2] & 0xFF) << 8) | (srtp[3] & 0xFF);
    byte[] body = ctr(rtp[0], iv(rtp[2], srtp, 8, seq), Arrays.copyOfRange(srtp, 12, len));
    byte[] out = Arrays.copyOf(srtp, len);
    System.arraycopy(body, 0, out, 12, body.length);
    return out;
  }

  byte[] protectRtcp(byte[] packet, long index) {
    byte[] body =
        ctr(rtcp[0], iv(rtcp[2], packet, 4, index), Arrays.copyOfRange(packet, 8, packet.length));
    byte[] out = Arrays.copyOf(packet, packet.length + 14);
    System.arraycopy(body, 0, out, 8, body.length);
    long e = 0x8000_0000L | index;
    for (int i = 0; i < 4; i++) {
      out[packet.length + i] = (byte) (e >>> (24 - 8 * i));
    }
    byte[] tag = hmac(rtcp[1], out, packet.length + 4, new byte[0]);
    System.arraycopy(tag, 0, out, packet.length + 4, 10);
    return out;
  }

  /** The RTCP packet, or null if the tag does not match. */
  byte[] unprotectRtcp(byte[] srtcp) {
    int len = srtcp.length - 10;
    byte[] tag = hmac(rtcp[1], srtcp, len, new byte[0]);
    if (!Arrays.equals(tag, 0, 10, srtcp, len, srtcp.length)) {
      return null;
    }
    long index =
        ((srtcp[len - 4] & 0x7FL) << 24)
            | ((srtcp[len - 3] & 0xFFL) << 16)
            | ((srtcp[len - 2] & 0xFFL) << 8)
            | (srtcp[len - 1] & 0xFFL);
    byte[] body = ctr(rtcp[0], iv(rtcp[2], srtcp, 4, index), Arrays.copyOfRange(srtcp, 8, len - 4));
    byte[] out = Arrays.copyOf(srtcp, len - 4);
    System.arraycopy(body, 0, out, 8, body.length);
    return out;
  }
}
