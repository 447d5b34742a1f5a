package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A keepalive OPTIONS on a non-INVITE client transaction of a core (the dispatcher's {@link
 * io.isthmus.proxy.dispatcher.OptionsSender}): our Via on the gateway's socket, completion with the
 * final status, or exceptionally on timeout or transport error.
 */
final class ProbeSender implements BranchOwner {
  private final CompletableFuture<Integer> result = new CompletableFuture<>();

  static CompletableFuture<Integer> send(ProxyCore core, Gateway gateway, SipRequest options) {
    ProbeSender p = new ProbeSender();
    try {
      Destination d = NextHop.of(gateway.uri());
      LocalSockets.Local out = socketFor(core, gateway, d);
      String branch = Branches.branch(Long.toHexString(ThreadLocalRandom.current().nextLong()), 0);
      SipRequest request = options.edit().pushVia(out.via(branch)).build();
      core.send(request, new Hop(out.name(), d.address(), d.transport().reliable()), p);
    } catch (NextHop.Unroutable | RuntimeException e) {
      p.result.completeExceptionally(e);
    }
    return p.result;
  }

  private static LocalSockets.Local socketFor(ProxyCore core, Gateway gw, Destination d) {
    var spec = gw.attrs().socket();
    if (spec != null) {
      Optional<LocalSockets.Local> l = core.sockets.find(spec.proto(), spec.host(), spec.port());
      if (l.isPresent()) {
        return l.get();
      }
    }
    Network n = core.classifier.networkOf(d.address().getAddress());
    if (n == null) {
      n = core.sockets.networks().all().getFirst();
    }
    Network network = n;
    return core.sockets
        .egress(network, d.transport())
        .orElseThrow(() -> new IllegalStateException("no socket towards " + d + " on " + network));
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    if (response.status() >= 200) {
      result.complete(response.status());
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    result.completeExceptionally(new IllegalStateException("no answer: " + timeout));
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    result.completeExceptionally(cause);
  }
}
