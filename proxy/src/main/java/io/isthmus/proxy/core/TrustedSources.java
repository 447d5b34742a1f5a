package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.sip.uri.Host;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The sources the edge trusts: the gateways of the dispatcher list as it is now (by the IP address
 * of their URI, so a reload that adds a gateway trusts it at once) and the operator's trusted
 * subnets. Trusted sources are not challenged, not rate limited and not held to the dialog checks.
 */
public final class TrustedSources implements Predicate<InetAddress> {
  private final Dispatcher dispatcher;
  private final List<Subnet> subnets;

  public TrustedSources(Dispatcher dispatcher, List<Subnet> subnets) {
    this.dispatcher = dispatcher;
    this.subnets = List.copyOf(subnets);
  }

  @Override
  public boolean test(InetAddress source) {
    byte[] a = source.getAddress();
    for (Subnet s : subnets) {
      if (s.contains(a)) {
        return true;
      }
    }
    if (dispatcher == null) {
      return false;
    }
    for (Gateway g : dispatcher.list().gateways()) {
      Host h = g.uri().hostAddress();
      if (h.kind() != Host.Kind.DOMAIN && Arrays.equals(h.address(), a)) {
        return true;
      }
    }
    return false;
  }
}
