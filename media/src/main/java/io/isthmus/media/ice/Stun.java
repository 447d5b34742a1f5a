package io.isthmus.media.ice;

import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * STUN messages as the ICE agent reads and writes them (RFC 5389): a 20-byte header (type, length,
 * magic cookie, 96-bit transaction ID) and TLV attributes padded to 4 bytes. Only what a lite agent
 * needs: parsing a Binding request with its ICE attributes (RFC 8445 §7.1.1), checking its
 * MESSAGE-INTEGRITY (HMAC-SHA1 under the short-term password, §15.4) and FINGERPRINT (CRC-32 XOR
 * 0x5354554e, §15.5), and writing Binding success and error responses.
 */
public final class Stun {
  private Stun() {}

  /** The magic cookie of every RFC 5389 message (bytes 4-7). */
  public static final int MAGIC_COOKIE = 0x2112A442;

  static final int HEADER = 20;
  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_INDICATION = 0x0011;
  static final int BINDING_SUCCESS = 0x0101;
  static final int BINDING_ERROR = 0x0111;

  static final int MAPPED_ADDRESS = 0x0001;
  static final int USERNAME = 0x0006;
  static final int MESSAGE_INTEGRITY = 0x0008;
  static final int ERROR_CODE = 0x0009;
  static final int XOR_MAPPED_ADDRESS = 0x0020;
  static final int PRIORITY = 0x0024;
  static final int USE_CANDIDATE = 0x0025;
  static final int SOFTWARE = 0x8022;
  static final int FINGERPRINT = 0x8028;
  static final int ICE_CONTROLLED = 0x8029;
  static final int ICE_CONTROLLING = 0x802A;

  private static final int FINGERPRINT_XOR = 0x5354554E;
  private static final int INTEGRITY_LENGTH = 20;

  /**
   * Whether the datagram at {@code buf}'s reader index is a STUN message (RFC 7983 §7: first byte
   * 0-3, here with the magic cookie too, so nothing else on a media port is taken for STUN). RTP
   * and RTCP start with version 2 (first byte 128-191). No allocation.
   */
  public static boolean isStun(ByteBuf buf) {
    int at = buf.readerIndex();
    return buf.readableBytes() >= HEADER
        && (buf.getByte(at) & 0xC0) == 0
        && buf.getInt(at + 4) == MAGIC_COOKIE;
  }

  /**
   * A parsed message: its type and transaction ID, and the attributes an ICE agent uses.
   *
   * @param integrityAt offset of the MESSAGE-INTEGRITY attribute, -1 if absent
   * @param fingerprintOk false only if a FINGERPRINT is present and wrong
   */
  record Message(
      int type,
      byte[] transactionId,
      String username,
      int integrityAt,
      boolean fingerprintOk,
      boolean useCandidate,
      boolean controlling,
      boolean controlled,
      long priority,
      byte[] raw) {

    /** Whether MESSAGE-INTEGRITY is present and correct under {@code password} (§15.4). */
    boolean integrityValid(String password) {
      if (integrityAt < 0) {
        return false;
      }
      byte[] mac = integrity(raw, integrityAt, password);
      int diff = 0;
      for (int i = 0; i < INTEGRITY_LENGTH; i++) {
        diff |= mac[i] ^ raw[integrityAt + 4 + i];
      }
      return diff == 0;
    }
  }

  /**
   * Parses a STUN message.
   *
   * @return null if it is malformed (lengths, padding, attribute after FINGERPRINT)
   */
  static Message parse(byte[] p) {
    if (p.length < HEADER || (p[0] & 0xC0) != 0 || u32(p, 4) != MAGIC_COOKIE) {
      return null;
    }
    int length = u16(p, 2);
    if (length % 4 != 0 || HEADER + length != p.length) {
      return null;
    }
    byte[] tid = new byte[12];
    System.arraycopy(p, 8, tid, 0, 12);
    String username = null;
    int integrityAt = -1;
    boolean fingerprintOk = true;
    boolean useCandidate = false;
    boolean controlling = false;
    boolean controlled = false;
    long priority = 0;
    int at = HEADER;
    while (at < p.length) {
      if (at + 4 > p.length) {
        return null;
      }
      int type = u16(p, at);
      int len = u16(p, at + 2);
      int value = at + 4;
      if (value + len > p.length) {
        return null;
      }
      if (integrityAt >= 0 && type != FINGERPRINT) {
        // Attributes after MESSAGE-INTEGRITY are ignored, except FINGERPRINT (RFC 5389 §15.4).
        at = value + ((len + 3) & ~3);
        continue;
      }
      switch (type) {
        case USERNAME -> username = new String(p, value, len, StandardCharsets.UTF_8);
        case MESSAGE_INTEGRITY -> {
          if (len != INTEGRITY_LENGTH) {
            return null;
          }
          integrityAt = at;
        }
        case FINGERPRINT -> {
          if (len != 4 || value + 4 != p.length) {
            return null; // FINGERPRINT is the last attribute
          }
          fingerprintOk = u32(p, value) == fingerprint(p, at);
        }
        case USE_CANDIDATE -> useCandidate = true;
        case ICE_CONTROLLING -> controlling = true;
        case ICE_CONTROLLED -> controlled = true;
        case PRIORITY -> {
          if (len == 4) {
            priority = u32(p, value) & 0xFFFF_FFFFL;
          }
        }
        default -> {
          // comprehension-optional or unknown: a lite agent needs nothing else
        }
      }
      at = value + ((len + 3) & ~3);
    }
    return new Message(
        u16(p, 0),
        tid,
        username,
        integrityAt,
        fingerprintOk,
        useCandidate,
        controlling,
        controlled,
        priority,
        p);
  }

  /**
   * A Binding success response (RFC 5389 §7.3.1, RFC 8445 §7.3.1.1): XOR-MAPPED-ADDRESS of the
   * request's source, then MESSAGE-INTEGRITY under {@code password} and FINGERPRINT.
   *
   * @param software a SOFTWARE attribute, or null for none
   */
  static byte[] bindingSuccess(
      byte[] transactionId, InetSocketAddress source, String password, String software) {
    Writer w = new Writer(BINDING_SUCCESS, transactionId);
    if (software != null) {
      w.attribute(SOFTWARE, software.getBytes(StandardCharsets.UTF_8), (byte) 0x20);
    }
    w.attribute(XOR_MAPPED_ADDRESS, xorAddress(source, transactionId), (byte) 0);
    return w.finish(password);
  }

  /**
   * A Binding error response (RFC 5389 §15.6): 400 Bad Request or 401 Unauthorized. Without
   * MESSAGE-INTEGRITY when the request could not be authenticated (§10.1.2), with FINGERPRINT.
   */
  static byte[] bindingError(byte[] transactionId, int code, String reason) {
    Writer w = new Writer(BINDING_ERROR, transactionId);
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] v = new byte[4 + text.length];
    v[2] = (byte) (code / 100);
    v[3] = (byte) (code % 100);
    System.arraycopy(text, 0, v, 4, text.length);
    w.attribute(ERROR_CODE, v, (byte) 0);
    return w.finish(null);
  }

  /** The XOR-MAPPED-ADDRESS value (RFC 5389 §15.2). */
  static byte[] xorAddress(InetSocketAddress address, byte[] transactionId) {
    byte[] ip = address.getAddress().getAddress();
    boolean v6 = address.getAddress() instanceof Inet6Address;
    byte[] v = new byte[4 + ip.length];
    v[1] = (byte) (v6 ? 0x02 : 0x01);
    int port = address.getPort() ^ (MAGIC_COOKIE >>> 16);
    v[2] = (byte) (port >>> 8);
    v[3] = (byte) port;
    byte[] mask = new byte[16];
    putU32(mask, 0, MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, mask, 4, 12);
    for (int i = 0; i < ip.length; i++) {
      v[4 + i] = (byte) (ip[i] ^ mask[i]);
    }
    return v;
  }

  /** Writes a message: header, attributes, then MESSAGE-INTEGRITY and FINGERPRINT. */
  private static final class Writer {
    private byte[] p = new byte[256];
    private int at = HEADER;

    Writer(int type, byte[] transactionId) {
      putU16(p, 0, type);
      putU32(p, 4, MAGIC_COOKIE);
      System.arraycopy(transactionId, 0, p, 8, 12);
    }

    void attribute(int type, byte[] value, byte pad) {
      int padded = (value.length + 3) & ~3;
      ensure(4 + padded);
      putU16(p, at, type);
      putU16(p, at + 2, value.length);
      System.arraycopy(value, 0, p, at + 4, value.length);
      for (int i = value.length; i < padded; i++) {
        p[at + 4 + i] = pad;
      }
      at += 4 + padded;
    }

    byte[] finish(String password) {
      if (password != null) {
        ensure(4 + INTEGRITY_LENGTH);
        int mi = at;
        putU16(p, mi, MESSAGE_INTEGRITY);
        putU16(p, mi + 2, INTEGRITY_LENGTH);
        at += 4 + INTEGRITY_LENGTH;
        putU16(p, 2, at - HEADER); // the length covers MESSAGE-INTEGRITY when it is computed
        byte[] mac = integrity(p, mi, password);
        System.arraycopy(mac, 0, p, mi + 4, INTEGRITY_LENGTH);
      }
      ensure(8);
      int fp = at;
      at += 8;
      putU16(p, 2, at - HEADER);
      putU16(p, fp, FINGERPRINT);
      putU16(p, fp + 2, 4);
      putU32(p, fp + 4, fingerprint(p, fp));
      byte[] out = new byte[at];
      System.arraycopy(p, 0, out, 0, at);
      return out;
    }

    private void ensure(int more) {
      if (at + more > p.length) {
        byte[] bigger = new byte[Math.max(p.length * 2, at + more)];
        System.arraycopy(p, 0, bigger, 0, at);
        p = bigger;
      }
    }
  }

  /**
   * HMAC-SHA1 over the message before the MESSAGE-INTEGRITY attribute at {@code miAt}, with the
   * header's length as if the message ended right after that attribute (RFC 5389 §15.4).
   */
  static byte[] integrity(byte[] p, int miAt, String password) {
    byte[] head = new byte[miAt];
    System.arraycopy(p, 0, head, 0, miAt);
    putU16(head, 2, miAt + 4 + INTEGRITY_LENGTH - HEADER);
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      // Short-term credentials: the key is the password itself (RFC 5389 §15.4, after SASLprep).
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return mac.doFinal(head);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA1", e);
    }
  }

  /** CRC-32 of the message before the FINGERPRINT attribute at {@code fpAt}, XOR 0x5354554e. */
  static int fingerprint(byte[] p, int fpAt) {
    CRC32 crc = new CRC32();
    crc.update(p, 0, fpAt);
    return (int) crc.getValue() ^ FINGERPRINT_XOR;
  }

  static int u16(byte[] p, int at) {
    return ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
  }

  static int u32(byte[] p, int at) {
    return ((p[at] & 0xFF) << 24)
        | ((p[at + 1] & 0xFF) << 16)
        | ((p[at + 2] & 0xFF) << 8)
        | (p[at + 3] & 0xFF);
  }

  static void putU16(byte[] p, int at, int v) {
    p[at] = (byte) (v >>> 8);
    p[at + 1] = (byte) v;
  }

  static void putU32(byte[] p, int at, int v) {
    p[at] = (byte) (v >>> 24);
    p[at + 1] = (byte) (v >>> 16);
    p[at + 2] = (byte) (v >>> 8);
    p[at + 3] = (byte) v;
  }
}
