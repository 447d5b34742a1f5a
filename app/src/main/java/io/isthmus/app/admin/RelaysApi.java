package io.isthmus.app.admin;

import io.isthmus.proxy.media.NodeStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/relays}: the external relay nodes the proxy drives over NG, each with its circuit
 * state (up or down, for how long, why), its last round trip and its calls; empty when the relay
 * runs in process.
 */
final class RelaysApi {
  /**
   * One node.
   *
   * @param state {@code up}, {@code draining} (up, no new calls) or {@code down}
   * @param sinceSeconds how long it has been in that state, null if it never changed
   * @param lastRttMs round trip of its last answered request, null before any
   * @param orphans deletes waiting for it to answer again
   */
  record NodeView(
      String address,
      int weight,
      String state,
      Double sinceSeconds,
      String reason,
      Double lastRttMs,
      int calls,
      int orphans) {}

  record NodeList(List<NodeView> nodes, long callsEndedByRelay) {}

  /**
   * The answer to a drain or undrain.
   *
   * @param calls the calls on the node now; drained once this is 0 ({@code ctl relay drain --wait})
   */
  record Drain(String node, boolean draining, int calls) {}

  private final Running running;

  RelaysApi(Running running) {
    this.running = running;
  }

  NodeList list() {
    List<NodeView> out = new ArrayList<>();
    for (NodeStatus n : running.proxy().relayNodes()) {
      out.add(
          new NodeView(
              n.name(),
              n.weight(),
              !n.up() ? "down" : n.draining() ? "draining" : "up",
              n.sinceNanos() < 0 ? null : Math.round(n.sinceNanos() / 1e6) / 1e3,
              n.reason(),
              n.lastRttNanos() < 0 ? null : Math.round(n.lastRttNanos() / 1e3) / 1e3,
              n.calls(),
              n.orphans()));
    }
    return new NodeList(out, running.proxy().relayEndedCalls());
  }

  /** {@code PUT} (on) or {@code DELETE} (off) {@code /api/relays/{node}/drain}. */
  Drain drain(String node, boolean on) throws HttpError {
    int calls = running.proxy().drainRelay(node, on);
    if (calls < 0) {
      throw HttpError.notFound(
          "no relay node "
              + node
              + " (expected one of: "
              + String.join(
                  ", ", running.proxy().relayNodes().stream().map(NodeStatus::name).toList())
              + ")");
    }
    if (running.ha() != null) {
      running.ha().drained(node, on); // a restarted or standby proxy keeps it drained
    }
    return new Drain(node, on, calls);
  }
}
