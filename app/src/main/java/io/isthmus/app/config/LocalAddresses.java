package io.isthmus.app.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;

/** Tells whether this host can bind an address: the check behind "not an address of this host". */
@FunctionalInterface
public interface LocalAddresses {

  /** True when a socket on this host can bind {@code address}. */
  boolean isLocal(InetAddress address);

  /**
   * This host's interface addresses, read once now. Any 127.x.y.z counts as local (Linux routes the
   * whole 127.0.0.0/8 to the loopback interface, which the reference scenario relies on), and so
   * does the wildcard address.
   */
  static LocalAddresses system() {
    Set<InetAddress> addresses = new HashSet<>();
    try {
      var interfaces = NetworkInterface.getNetworkInterfaces();
      while (interfaces != null && interfaces.hasMoreElements()) {
        interfaces.nextElement().inetAddresses().forEach(addresses::add);
      }
    } catch (SocketException e) {
      // No interface list: only loopback and wildcard count; the errors will say so.
    }
    Set<InetAddress> frozen = Set.copyOf(addresses);
    return a -> a.isLoopbackAddress() || a.isAnyLocalAddress() || frozen.contains(a);
  }
}
