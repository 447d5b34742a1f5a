package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
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
    CoreContext ctx = core.context();
    io.isthmus.proxy.resolve.SipResolver resolver = ctx.dispatcher().resolver();
    if (resolver == null || !io.isthmus.proxy.resolve.SipResolver.needsDns(gateway.uri())) {
      return send(ctx, gateway, options, null);
    }
    // a gateway known by name: probe the first place it resolves to now (RFC 3263)
    CompletableFuture<Integer> result = new CompletableFuture<>();
    resolver
        .resolve(gateway.uri())
        .whenComplete(
            (targets, error) -> {
              if (error != null || targets.isEmpty()) {
                result.completeExceptionally(
                    new IllegalStateException(gateway.uri().host() + " resolves to nothing"));
                return;
              }
              io.isthmus.proxy.resolve.Target t = targets.getFirst();
              ctx.dispatcher().resolved(t.address());
              send(ctx, gateway, options, new Destination(t.transport(), t.address()))
                  .whenComplete(
                      (s, e) -> {
                        if (e != null) {
                          result.completeExceptionally(e);
                        } else {
                          result.complete(s);
                        }
                      });
            });
    return result;
  }

  private static CompletableFuture<Integer> send(
      CoreContext ctx, Gateway gateway, SipRequest options, Destination resolved) {
    ProbeSender p = new ProbeSender();
    try {
      Routing.Egress out =
          ctx.routing()
              .egress(
                  resolved != null ? resolved : NextHop.of(gateway.uri()),
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
