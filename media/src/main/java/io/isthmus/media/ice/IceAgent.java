package io.isthmus.media.ice;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The relay's ICE-lite agent for one media stream facing one party (RFC 8445 §2.5, §7.3): it holds
 * the relay's credentials for that stream and the party's, answers the party's connectivity checks
 * on the stream's sockets, and says which source the relay should send the party's media to.
 *
 * <p>A lite agent sends no checks; the party (a full agent) is controlling, checks the pairs and
 * nominates one with USE-CANDIDATE. A check is answered when its USERNAME starts with the relay's
 * ufrag and its MESSAGE-INTEGRITY verifies under the relay's password (RFC 8445 §7.3, RFC 5389
 * §10.1.2): Binding success with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT. A check
 * that fails gets 400 or 401 and teaches nothing. The source of a valid check becomes the party's
 * media endpoint while none is nominated; the nominated one stays (a check from another pair does
 * not move media once the party chose).
 *
 * <p>Runs on the call's event loop, off the RTP path: STUN is rare (a few checks, then consent
 * every few seconds), so it works on a small copy of the datagram.
 */
public final class IceAgent {
  private final IceCredentials local;
  private IceCredentials remote;
  private InetSocketAddress nominated;
  private InetSocketAddress learned;

  private long answered;
  private long refused;

  public IceAgent(IceCredentials local) {
    this.local = local;
  }

  public IceCredentials local() {
    return local;
  }

  /** The party's credentials from its SDP (null until known). */
  public IceCredentials remote() {
    return remote;
  }

  /** The party's ufrag and password from its latest SDP. */
  public void setRemote(IceCredentials remote) {
    this.remote = remote;
  }

  /** The address the party nominated (USE-CANDIDATE), or null. */
  public InetSocketAddress nominated() {
    return nominated;
  }

  /** Checks answered with success, and refused (bad credentials, malformed). */
  public long answered() {
    return answered;
  }

  public long refused() {
    return refused;
  }

  /**
   * Handles one STUN message received from {@code source} (the caller checked {@link Stun#isStun});
   * does not release {@code in}.
   *
   * @return the response to send back to {@code source}, or null for none (indications, responses,
   *     other methods)
   */
  public byte[] receive(ByteBuf in, InetSocketAddress source) {
    byte[] p = new byte[in.readableBytes()];
    in.getBytes(in.readerIndex(), p);
    Stun.Message m = Stun.parse(p);
    if (m == null || m.type() != Stun.BINDING_REQUEST) {
      if (m == null) {
        refused++;
      }
      return null; // keepalive indications and stray responses need no answer
    }
    if (!m.fingerprintOk()) {
      refused++;
      return null; // RFC 5389 §7.3: a bad FINGERPRINT means it is not STUN; silently discarded
    }
    if (m.username() == null || m.integrityAt() < 0) {
      refused++;
      return Stun.bindingError(m.transactionId(), 400, "Bad Request");
    }
    int colon = m.username().indexOf(':');
    String ours = colon < 0 ? m.username() : m.username().substring(0, colon);
    if (!ours.equals(local.ufrag()) || !m.integrityValid(local.pwd())) {
      refused++;
      return Stun.bindingError(m.transactionId(), 401, "Unauthorized");
    }
    answered++;
    if (m.useCandidate()) {
      nominated = source;
      learned = source;
    } else if (nominated == null) {
      learned = source;
    }
    return Stun.bindingSuccess(m.transactionId(), source, local.pwd(), null);
  }

  /**
   * The source the last valid check taught (the nominated one once there is one), once: null when
   * there is nothing new since the last call.
   */
  public InetSocketAddress takeLearned() {
    InetSocketAddress l = learned;
    learned = null;
    return l;
  }
}
