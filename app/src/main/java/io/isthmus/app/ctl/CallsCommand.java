package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code ctl calls}: the calls in progress, then each leg's media streams with the relay's counters
 * (what the party on that leg sent to the relay), as {@code rtpengine-ctl list sessions} shows
 * them.
 */
@Command(
    name = "calls",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "List the calls in progress (GET /api/calls): state, the networks of the two legs, the "
          + "gateway, and per leg and media stream the relay port, the peer, packets, bytes, "
          + "errors and the age of the last packet.",
      "The media counters of a leg count what that leg's party sent to the relay."
    })
final class CallsCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.get("api/calls"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    JsonNode calls = json.path("calls");
    if (calls.isEmpty()) {
      out.println("no calls");
      return;
    }
    Table list = new Table("CALL-ID", "STATE", "FROM", "TO", "SET", "GATEWAY", "CREATED", "TRACE");
    Table media =
        new Table(
            "CALL-ID", "LEG", "TAG", "M", "MEDIA", "PORT", "PEER", "PACKETS", "BYTES", "ERRORS",
            "LAST", "RTCP");
    for (JsonNode call : calls) {
      String callId = Text.of(call.path("callId"));
      JsonNode caller = call.path("caller");
      JsonNode callee = call.path("callee");
      list.row(
          callId,
          Text.of(call.path("state")),
          Text.of(caller.path("network")),
          Text.of(callee.path("network")),
          Text.of(callee.path("gatewaySet")),
          Text.of(callee.path("gateway")),
          Text.of(call.path("created")),
          call.path("traced").asBoolean(false) ? "on" : "off");
      for (JsonNode party : call.path("media").path("parties")) {
        String tag = Text.of(party.path("tag"));
        String leg = leg(tag, caller, callee);
        for (JsonNode stream : party.path("streams")) {
          JsonNode rtp = stream.path("rtp");
          media.row(
              callId,
              leg,
              tag,
              Text.of(stream.path("index")),
              Text.of(stream.path("type")),
              Text.of(rtp.path("localPort")),
              Text.of(rtp.path("endpoint")),
              Text.of(rtp.path("packets")),
              Text.of(rtp.path("bytes")),
              Text.of(rtp.path("errors")),
              ago(rtp.path("lastPacketSecondsAgo")),
              stream.path("rtcpMux").asBoolean(false)
                  ? "mux"
                  : Text.of(stream.path("rtcp").path("packets")));
        }
      }
    }
    list.print(out);
    if (media.size() > 0) {
      out.println();
      media.print(out);
    }
  }

  /**
   * The network of the party with {@code tag}: the proxy knows the networks, the relay the tags. A
   * party that is not the caller is the callee (the relay may still name the answering party by the
   * placeholder it gave it at the offer).
   */
  private static String leg(String tag, JsonNode caller, JsonNode callee) {
    if (!caller.isObject()) {
      return "-"; // a media-only call: the proxy does not know it
    }
    return tag.equals(Text.of(caller.path("tag")))
        ? Text.of(caller.path("network"))
        : Text.of(callee.path("network"));
  }

  private static String ago(JsonNode seconds) {
    return seconds.isNumber() ? String.format(Locale.ROOT, "%.1fs", seconds.asDouble()) : "-";
  }
}
