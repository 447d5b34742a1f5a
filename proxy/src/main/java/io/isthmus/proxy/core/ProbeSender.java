package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
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
      CoreContext ctx = core.context();
      Routing.Egress out =
          ctx.routing()
              .egress(
                  NextHop.of(gateway.uri()),
                  ctx.routing().firstNetwork(),
                  gateway.attrs().socket());
      String branch = Branches.branch(Long.toHexString(ThreadLocalRandom.current().nextLong()), 0);
      SipRequest request = options.edit().pushVia(out.socket().via(branch)).build();
      ctx.send(request, out.hop(), p);
    } catch (NextHop.Unroutable | RuntimeException e) {
      p.result.completeExceptionally(e);
    }
    return p.result;
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
