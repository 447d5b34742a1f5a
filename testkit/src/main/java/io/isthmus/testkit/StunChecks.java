package io.isthmus.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Connectivity checks as a full ICE agent sends them (RFC 8445 §7.1.1), built here from RFC 5389 on
 * a {@link ByteBuffer}, apart from the relay's encoder: USERNAME, PRIORITY, ICE-CONTROLLING,
 * optionally USE-CANDIDATE, then MESSAGE-INTEGRITY and FINGERPRINT.
 */
public final class StunChecks {
  private StunChecks() {}

  /**
   * A Binding request.
   *
   * @param password the relay's ice-pwd for MESSAGE-INTEGRITY, or null for none
   */
  public static byte[] request(
      String username, String password, boolean useCandidate, byte[] transactionId) {
    ByteBuffer b = ByteBuffer.allocate(200);
    b.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(transactionId);
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    b.putShort((short) 0x0006).putShort((short) user.length).put(user);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
    b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6e7f1eff);
    b.putShort((short) 0x802A).putShort((short) 8).putLong(0x0123456789abcdefL);
    if (useCandidate) {
      b.putShort((short) 0x0025).putShort((short) 0);
    }
    try {
      if (password != null) {
        b.putShort(2, (short) (b.position() - 20 + 24));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, b.position());
        byte[] hmac = mac.doFinal();
        b.putShort((short) 0x0008).putShort((short) 20).put(hmac);
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    b.putShort(2, (short) (b.position() - 20 + 8));
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  /** Whether {@code p} is a STUN Binding request (RFC 5389 §6). */
  public static boolean isBindingRequest(byte[] p, int len) {
    return len >= 20 && p[0] == 0 && p[1] == 1 && ByteBuffer.wrap(p).getInt(4) == 0x2112A442;
  }

  /**
   * The Binding success response to the request in {@code request} from {@code source}:
   * XOR-MAPPED-ADDRESS (IPv4), MESSAGE-INTEGRITY under {@code password}, FINGERPRINT.
   */
  public static byte[] success(byte[] request, InetSocketAddress source, String password) {
    ByteBuffer b = ByteBuffer.allocate(100);
    b.putShort((short) 0x0101).putShort((short) 0).putInt(0x2112A442).put(request, 8, 12);
    b.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1);
    b.putShort((short) (source.getPort() ^ 0x2112));
    b.putInt(ByteBuffer.wrap(source.getAddress().getAddress()).getInt() ^ 0x2112A442);
    return finish(b, password);
  }

  private static byte[] finish(ByteBuffer b, String password) {
    try {
      b.putShort(2, (short) (b.position() - 20 + 24));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(b.array(), 0, b.position());
      b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    b.putShort(2, (short) (b.position() - 20 + 8));
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  /** Whether the MESSAGE-INTEGRITY of a response verifies under {@code password}. */
  public static boolean integrityValid(byte[] r, String password) {
    ByteBuffer b = ByteBuffer.wrap(r);
    int at = 20;
    while (at + 4 <= r.length) {
      int type = b.getShort(at) & 0xFFFF;
      int len = b.getShort(at + 2) & 0xFFFF;
      if (type == 0x0008) {
        byte[] head = java.util.Arrays.copyOf(r, at);
        ByteBuffer.wrap(head).putShort(2, (short) (at - 20 + 24));
        try {
          Mac mac = Mac.getInstance("HmacSHA1");
          mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
          return java.util.Arrays.equals(
              mac.doFinal(head), java.util.Arrays.copyOfRange(r, at + 4, at + 24));
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
      at += 4 + ((len + 3) & ~3);
    }
    return false;
  }

  /** The XOR-MAPPED-ADDRESS (IPv4) of a response, or null. */
  public static InetSocketAddress xorMappedAddress(byte[] r) {
    ByteBuffer b = ByteBuffer.wrap(r);
    int at = 20;
    while (at + 4 <= r.length) {
      int type = b.getShort(at) & 0xFFFF;
      int len = b.getShort(at + 2) & 0xFFFF;
      if (type == 0x0020 && len == 8) {
        int port = (b.getShort(at + 6) & 0xFFFF) ^ 0x2112;
        int ip = b.getInt(at + 8) ^ 0x2112A442;
        byte[] addr = ByteBuffer.allocate(4).putInt(ip).array();
        try {
          return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      at += 4 + ((len + 3) & ~3);
    }
    return null;
  }
}
