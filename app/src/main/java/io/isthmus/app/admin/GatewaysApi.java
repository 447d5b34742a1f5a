package io.isthmus.app.admin;

import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /api/gateways}: the sets with their gateways' health, and setting a state by hand. */
final class GatewaysApi {
  /**
   * One gateway.
   *
   * @param flags Kamailio's two letters (state, P or X)
   * @param lastProbeStatus status of the last probe, 0 for no reply, -1 if never probed
   * @param lastProbeLatencyMs latency of the last probe, null if never probed
   */
  record GatewayView(
      String uri,
      String state,
      boolean probing,
      String flags,
      int priority,
      int activeCalls,
      int lastProbeStatus,
      Double lastProbeLatencyMs) {}

  record SetView(int id, List<GatewayView> gateways) {}

  record SetList(List<SetView> sets) {}

  record StateChange(int set, String uri, String state) {}

  private final Running running;

  GatewaysApi(Running running) {
    this.running = running;
  }

  SetList list() {
    Map<Integer, List<GatewayView>> sets = new LinkedHashMap<>();
    for (GatewayStatus g : running.dispatcher().status()) {
      sets.computeIfAbsent(g.gateway().setId(), id -> new ArrayList<>())
          .add(
              new GatewayView(
                  g.gateway().uri().toString(),
                  name(g.state()),
                  g.probingFlag(),
                  g.kamailioFlags(),
                  g.gateway().priority(),
                  g.activeCalls(),
                  g.lastProbeStatus(),
                  g.lastProbeLatencyNanos() < 0
                      ? null
                      : Math.round(g.lastProbeLatencyNanos() / 1e3) / 1e3));
    }
    List<SetView> out = new ArrayList<>();
    sets.forEach((id, gws) -> out.add(new SetView(id, gws)));
    return new SetList(out);
  }

  StateChange setState(String set, String uri, JsonNode body) throws HttpError {
    int setId;
    try {
      setId = Integer.parseInt(set);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("set must be a number, got " + set);
    }
    JsonNode state = body.get("state");
    if (state == null || !state.isString()) {
      throw HttpError.badRequest("expected {\"state\": \"active|inactive|probing|disabled\"}");
    }
    GatewayState next = parse(state.stringValue());
    if (!running.dispatcher().setState(setId, uri, next)) {
      throw HttpError.notFound("no gateway " + uri + " in set " + setId);
    }
    return new StateChange(setId, uri, name(next));
  }

  static String name(GatewayState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private static GatewayState parse(String text) throws HttpError {
    for (GatewayState s : GatewayState.values()) {
      if (name(s).equals(text.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw HttpError.badRequest(
        "unknown state " + text + ": expected active, inactive, probing or disabled");
  }
}
