package io.isthmus.interop;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a scenario's requests to one engine and normalises the replies. Call-IDs are made unique
 * per engine and run, so that a scenario never meets a call left over from another one; the
 * scenario's calls are deleted afterwards.
 */
final class ScenarioRunner {
  private ScenarioRunner() {}

  /**
   * An engine under test.
   *
   * @param name {@code rtpengine} or {@code isthmus}
   * @param ng its NG endpoint
   * @param portMin lowest media port it was given
   * @param portMax highest media port it was given
   */
  record Engine(String name, NgEndpoint ng, int portMin, int portMax) {}

  static List<NormalizedReply> run(Scenario scenario, Engine engine, String nonce)
      throws InterruptedException, IOException {
    Map<String, String> realToLogical = new LinkedHashMap<>();
    Map<String, String> logicalToReal = new LinkedHashMap<>();
    for (String id : scenario.callIds()) {
      String real = id + "." + scenario.name() + "." + engine.name() + "." + nonce;
      realToLogical.put(real, id);
      logicalToReal.put(id, real);
    }
    ReplyNormalizer normalizer =
        new ReplyNormalizer(engine.portMin(), engine.portMax(), realToLogical);
    List<NormalizedReply> replies = new ArrayList<>();
    MediaProbe probe = new MediaProbe();
    try {
      for (Scenario.Step step : scenario.steps()) {
        if (step.media() != null) {
          replies.add(probe.run(step.media()));
          continue;
        }
        BDict request = Requests.mapString(step.request(), "call-id", logicalToReal::get);
        NgResponse reply =
            step.raw() != null ? engine.ng().callRaw(step.raw()) : engine.ng().call(request);
        if (step.compare() == Scenario.Compare.NONE && !reply.isSuccess()) {
          throw new AssertionError(
              engine.name() + " failed a set-up step of " + scenario.name() + ": " + reply);
        }
        String sdp = Requests.string(request, "sdp");
        probe.signalled(sdp, reply.body().get("sdp") instanceof BString s ? s.asString() : null);
        replies.add(normalizer.normalize(reply.body(), sdp == null ? "" : sdp));
      }
    } finally {
      for (String real : logicalToReal.values()) {
        engine.ng().call(BDict.builder().put("command", "delete").put("call-id", real).build());
      }
    }
    return replies;
  }

  /** The golden-file text of one engine's run of a scenario. */
  static String render(Scenario scenario, List<NormalizedReply> replies) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ")
        .append(scenario.name())
        .append(": ")
        .append(scenario.description())
        .append('\n');
    for (int i = 0; i < replies.size(); i++) {
      sb.append("\n## step ")
          .append(i + 1)
          .append(": ")
          .append(summary(scenario.steps().get(i).request()))
          .append('\n');
      sb.append(replies.get(i).render());
    }
    return sb.toString();
  }

  /** The request without its SDP, on one line. */
  static String summary(BDict request) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < request.size(); i++) {
      String key = request.key(i).asString();
      if (key.equals("sdp")) {
        sb.append(" sdp=...");
        continue;
      }
      sb.append(i == 0 ? "" : " ").append(key).append('=').append(request.value(i));
    }
    return sb.toString().strip();
  }
}
