package io.isthmus.proxy.network;

import java.net.InetAddress;
import java.util.List;

/**
 * Classifies a received message by the network of the socket it arrived on and its source address
 * (the proxy issue: a source in no network, or in another network than the socket's, is refused).
 * Subnets never overlap across networks ({@link Networks}), so a source belongs to at most one.
 * Thread-safe and allocation-free: results are shared instances.
 */
public final class SourceClassifier {
  private static final Classification.Rejected UNKNOWN =
      new Classification.Rejected(Classification.Reason.UNKNOWN_SOURCE, null);

  private final Networks networks;
  private final Network[] all;
  private final Classification.Accepted[] accepted;
  private final Classification.Rejected[] wrongSide;

  public SourceClassifier(Networks networks) {
    this.networks = networks;
    List<Network> list = networks.all();
    this.all = list.toArray(new Network[0]);
    this.accepted = new Classification.Accepted[all.length];
    this.wrongSide = new Classification.Rejected[all.length];
    for (int i = 0; i < all.length; i++) {
      accepted[i] = new Classification.Accepted(all[i]);
      wrongSide[i] = new Classification.Rejected(Classification.Reason.WRONG_SIDE, all[i]);
    }
  }

  /** The networks this classifier knows. */
  public Networks networks() {
    return networks;
  }

  /** Classifies {@code source} arriving on a socket of {@code socketNetwork}. */
  public Classification classify(Network socketNetwork, InetAddress source) {
    byte[] address = source.getAddress();
    for (int i = 0; i < all.length; i++) {
      if (all[i].admits(address)) {
        return all[i] == socketNetwork ? accepted[i] : wrongSide[i];
      }
    }
    return UNKNOWN;
  }

  /** The network {@code source} belongs to, whatever socket it used; null when none. */
  public Network networkOf(InetAddress source) {
    byte[] address = source.getAddress();
    for (Network n : all) {
      if (n.admits(address)) {
        return n;
      }
    }
    return null;
  }
}
