package io.isthmus.ha.proxy;

import io.isthmus.proxy.core.DialogReplica;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of one dialog key in Redis: a {@link DialogReplica} as bytes, a version byte first so
 * that a later Isthmus can tell an older record (and refuse what it cannot read rather than guess:
 * rtpengine users report restores that broke between versions).
 *
 * <pre>
 * byte    version (1)
 * string  call-id, caller tag?, callee tag            (string: modified UTF-8, ? = flag byte first)
 * int     gateway set; string gateway uri
 * party?  caller, callee                               (tag, address, target, routes, network,
 *                                                       fallback?, cseq)
 * string? relay node, caller network, callee network, set name
 * long    created, answered, interval (ms), expires at (epoch ms)
 * </pre>
 */
public final class DialogCodec {
  /** The record layout written now. */
  public static final byte VERSION = 1;

  private DialogCodec() {}

  public static byte[] encode(DialogReplica d) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(d.callId());
      optional(out, d.callerTag());
      out.writeUTF(d.calleeTag());
      out.writeInt(d.gatewaySet());
      out.writeUTF(d.gatewayUri());
      party(out, d.caller());
      party(out, d.callee());
      optional(out, d.relayNode());
      optional(out, d.callerNetwork());
      optional(out, d.calleeNetwork());
      optional(out, d.setName());
      out.writeLong(d.createdMillis());
      out.writeLong(d.answeredMillis());
      out.writeLong(d.intervalMillis());
      out.writeLong(d.expiresAtMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Reads a record; throws IOException naming what is wrong (another version, truncated). */
  public static DialogReplica decode(byte[] b) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    int version = in.readByte();
    if (version != VERSION) {
      throw new IOException("dialog record version " + version + ", expected " + VERSION);
    }
    return new DialogReplica(
        in.readUTF(),
        optional(in),
        in.readUTF(),
        in.readInt(),
        in.readUTF(),
        party(in),
        party(in),
        optional(in),
        optional(in),
        optional(in),
        optional(in),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong());
  }

  private static void optional(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void party(DataOutputStream out, DialogReplica.Party p) throws IOException {
    out.writeBoolean(p != null);
    if (p == null) {
      return;
    }
    out.writeUTF(p.tag());
    out.writeUTF(p.address());
    out.writeUTF(p.target());
    out.writeShort(p.routes().size());
    for (String r : p.routes()) {
      out.writeUTF(r);
    }
    out.writeUTF(p.network());
    optional(out, p.fallback());
    out.writeInt(p.cseq());
  }

  private static DialogReplica.Party party(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    String tag = in.readUTF();
    String address = in.readUTF();
    String target = in.readUTF();
    int n = in.readUnsignedShort();
    List<String> routes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      routes.add(in.readUTF());
    }
    return new DialogReplica.Party(
        tag, address, target, routes, in.readUTF(), optional(in), in.readInt());
  }
}
