package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.SocketSpec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The open TCP connections, keyed by local socket and remote address+port, inbound ones included: a
 * response to a request that came over TCP goes back on that connection (RFC 3261 §18.2.2), and a
 * request to a gateway reuses the connection already open to it (§18.1.1).
 *
 * <p>Connections live on different loops and any loop may send, so this one table is shared: a
 * ConcurrentHashMap, whose reads take no lock. Only opening a connection updates it under a bin
 * lock, which is off the per-message path.
 */
final class ConnectionTable {
  private final ConcurrentHashMap<Key, SipConnection> connections = new ConcurrentHashMap<>();

  /** The local socket compared by identity (it is a configured instance), the remote by value. */
  private record Key(SocketSpec local, InetSocketAddress remote) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.local == local && k.remote.equals(remote);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(local) * 31 + remote.hashCode();
    }
  }

  /** The usable connection to {@code remote} from {@code local}, or null. */
  SipConnection find(SocketSpec local, InetSocketAddress remote) {
    SipConnection c = connections.get(new Key(local, remote));
    return c != null && c.usable() ? c : null;
  }

  /** The usable connection to {@code remote}, or the one {@code opener} opens (atomically). */
  SipConnection findOrOpen(
      SocketSpec local, InetSocketAddress remote, Supplier<SipConnection> opener) {
    return connections.compute(
        new Key(local, remote), (k, old) -> old != null && old.usable() ? old : opener.get());
  }

  /** Registers a connection; it is removed when it closes. */
  void add(SipConnection c) {
    Key key = new Key(c.local(), c.remote());
    connections.put(key, c);
    c.channel().closeFuture().addListener(f -> connections.remove(key, c));
  }

  /** Registers an opened connection's removal on close (it was put by {@link #findOrOpen}). */
  void removeOnClose(SipConnection c) {
    Key key = new Key(c.local(), c.remote());
    c.channel().closeFuture().addListener(f -> connections.remove(key, c));
  }

  /**
   * Makes {@code c} also the connection to {@code as} (RFC 5923 alias), until it closes; an open
   * connection already there stays.
   */
  void alias(SipConnection c, InetSocketAddress as) {
    Key key = new Key(c.local(), as);
    SipConnection now = connections.compute(key, (k, old) -> old != null && old.usable() ? old : c);
    if (now == c) {
      c.channel().closeFuture().addListener(f -> connections.remove(key, c));
    }
  }

  int size() {
    return connections.size();
  }

  List<SipConnection> snapshot() {
    return List.copyOf(connections.values());
  }
}
