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
 * byte    version (2; 1 is read too: written by Isthmus before the caller's identity)
 * string  call-id, caller tag?, callee tag            (string: modified UTF-8, ? = flag byte first)
 * int     gateway set; string gateway uri
 * party?  caller, callee                               (tag, address, target, routes, network,
 *                                                       fallback?, cseq)
 * string? relay node, caller network, callee network, set name
 * long    created, answered, interval (ms), expires at (epoch ms)
 * string? caller's authenticated identity                (version 2)
 * </pre>
 */
public final class DialogCodec {
  /** The record layout written now. */
  public static final byte VERSION = 2;

  /** The layout before the caller's identity: read, never written. */
  static final byte VERSION_1 = 1;

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
      optional(out, d.callerIdentity());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Reads a record; throws IOException naming what is wrong (another version, truncated). */
  public static DialogReplica decode(byte[] b) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    int version = in.readByte();
    if (version != VERSION && version != VERSION_1) {
      throw new IOException(
          "dialog record version " + version + ", expected " + VERSION_1 + " or " + VERSION);
    }
    String callId = in.readUTF();
    String callerTag = optional(in);
    String calleeTag = in.readUTF();
    int set = in.readInt();
    String gateway = in.readUTF();
    DialogReplica.Party caller = party(in);
    DialogReplica.Party callee = party(in);
    String relayNode = optional(in);
    String callerNetwork = optional(in);
    String calleeNetwork = optional(in);
    String setName = optional(in);
    long created = in.readLong();
    long answered = in.readLong();
    long interval = in.readLong();
    long expiresAt = in.readLong();
    String identity = version == VERSION_1 ? null : optional(in);
    if (in.available() > 0) {
      throw new IOException(in.available() + " byte(s) after the record");
    }
    return new DialogReplica(
        callId,
        callerTag,
        calleeTag,
        set,
        gateway,
        caller,
        callee,
        relayNode,
        callerNetwork,
        calleeNetwork,
        setName,
        created,
        answered,
        interval,
        expiresAt,
        identity);
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
