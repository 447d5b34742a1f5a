package io.isthmus.proxy.core;

import io.isthmus.proxy.resolve.SipResolver;
import io.isthmus.proxy.resolve.Target;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The destinations of a next hop named by a URI (a Route, a Request-URI, a Contact), for the
 * requests that have no gateway behind them: an IP literal is its own one destination ({@link
 * NextHop}); a host name is resolved (RFC 3263 §4, on the calling loop) by the dispatcher's
 * resolver into its targets in the order to try them. Without a resolver a name stays unroutable.
 */
final class NamedHop {
  private NamedHop() {}

  /** Whether {@code next} is a host name that the resolver can look up. */
  static boolean needsDns(CoreContext ctx, Uri next) {
    return next instanceof SipUri sip
        && SipResolver.needsDns(sip)
        && ctx.dispatcher().resolver() != null;
  }

  /**
   * Calls {@code then} with the destinations of {@code next}, in order: at once for an address,
   * once the answer is in for a name (on this loop; an empty list when the name resolves to nothing
   * or the lookup failed).
   *
   * @throws NextHop.Unroutable when {@code next} is neither an address nor a name to resolve
   */
  static void destinations(CoreContext ctx, Uri next, Consumer<List<Destination>> then)
      throws NextHop.Unroutable {
    if (!needsDns(ctx, next)) {
      then.accept(List.of(NextHop.of(next)));
      return;
    }
    ctx.dispatcher()
        .resolver()
        .resolve((SipUri) next)
        .whenComplete(
            (targets, error) -> {
              List<Destination> out = new ArrayList<>();
              if (error == null) {
                for (Target t : targets) {
                  out.add(new Destination(t.transport(), t.address()));
                }
              }
              then.accept(out);
            });
  }
}
