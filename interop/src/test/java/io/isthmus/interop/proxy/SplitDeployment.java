package io.isthmus.interop.proxy;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.NgEndpoint;
import io.isthmus.interop.Templates;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the split-deployment tests ({@link BrokenCallsTest}, {@link RelayTakeoverTest}) share: the
 * proxy alone ({@link Product.Roles#PROXY}) on the relay-faults config, driving relays over NG, and
 * the relay's sessions as its NG {@code list} names them.
 */
final class SplitDeployment {
  private SplitDeployment() {}

  /**
   * The relay-faults template on these ports: one relay node at 127.0.0.1:{@code ng}, its NG
   * timeout and reconcile interval (config durations, e.g. {@code 1s}).
   */
  static IsthmusConfig config(
      Path dir, int sip, int gateway, int admin, int ng, String ngTimeout, String reconcile)
      throws IOException {
    Path file =
        Templates.write(
            "proxy/relay-faults.yaml.template",
            Map.of(
                "SIP_PORT",
                Integer.toString(sip),
                "GATEWAY_PORT",
                Integer.toString(gateway),
                "ADMIN_PORT",
                Integer.toString(admin),
                "NODES",
                "    - address: 127.0.0.1:" + ng,
                "NG_TIMEOUT",
                ngTimeout,
                "RECONCILE",
                reconcile),
            dir.resolve("isthmus.yaml"));
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i -> throw new AssertionError("test config refused: " + i.errors());
    };
  }

  /** Until every gateway of set 2 answered its last probe 200. */
  static void awaitProbes(Product product, Duration limit) throws Exception {
    Poll.untilTrue(
        limit,
        () -> "a 200 to the gateway probes",
        () ->
            product.dispatcher().status().stream()
                .filter(s -> s.gateway().setId() == 2)
                .allMatch(s -> s.lastProbeStatus() == 200));
  }

  /** The Call-IDs of the relay's sessions at {@code ng}, sorted. */
  static Set<String> sessions(InetSocketAddress ng) {
    try (NgEndpoint e = NgEndpoint.of(ng)) {
      var list = e.call(BDict.builder().put("command", "list").put("limit", "10000").build());
      Set<String> out = new TreeSet<>();
      if (list.body().get("calls") instanceof BList calls) {
        calls.forEach(v -> out.add(((BString) v).asString()));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
