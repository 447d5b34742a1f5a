package io.isthmus.proxy.core;

import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.media.MediaDelete;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A relay stand-in: records every command as a line and answers with SDP that names the command, so
 * tests can see which SDP went where. {@link #next} overrides the next result; {@link #hold} keeps
 * results pending until the test completes them.
 */
final class FakeMedia implements MediaControl {
  final List<String> log = new ArrayList<>();
  MediaResult next;
  boolean hold;
  final List<CompletableFuture<MediaResult>> held = new ArrayList<>();

  @Override
  public CompletionStage<MediaResult> offer(MediaOffer o) {
    String line =
        "offer "
            + o.callId()
            + " from="
            + o.fromTag()
            + " to="
            + o.toTag()
            + " dir="
            + o.direction()
            + " sdp="
            + originLine(o.sdp());
    return result(
        line, "v=0\r\no=relay offer " + o.fromTag() + " " + o.direction().get(1) + "\r\n");
  }

  @Override
  public CompletionStage<MediaResult> answer(MediaAnswer a) {
    String line =
        "answer "
            + a.callId()
            + " from="
            + a.fromTag()
            + " to="
            + a.toTag()
            + " sdp="
            + originLine(a.sdp());
    return result(line, "v=0\r\no=relay answer " + a.toTag() + "\r\n");
  }

  @Override
  public CompletionStage<MediaResult> delete(MediaDelete d) {
    return result("delete " + d.callId() + " from=" + d.fromTag(), "");
  }

  private CompletionStage<MediaResult> result(String line, String sdp) {
    log.add(line);
    MediaResult r = next != null ? next : new MediaResult.Sdp(sdp.getBytes(StandardCharsets.UTF_8));
    next = null;
    if (hold) {
      CompletableFuture<MediaResult> pending = new CompletableFuture<>();
      held.add(pending);
      pendingResults.add(r);
      return pending;
    }
    return CompletableFuture.completedFuture(r);
  }

  final List<MediaResult> pendingResults = new ArrayList<>();

  /** Completes the held commands in order with the results they would have had. */
  void release() {
    hold = false;
    for (int i = 0; i < held.size(); i++) {
      held.get(i).complete(pendingResults.get(i));
    }
    held.clear();
    pendingResults.clear();
  }

  List<String> commands(String kind) {
    return log.stream().filter(l -> l.startsWith(kind + " ")).toList();
  }

  private static String originLine(byte[] sdp) {
    String s = new String(sdp, StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    String second = nl < 0 ? "" : s.substring(nl + 1);
    int nl2 = second.indexOf('\r');
    return nl2 < 0 ? second : second.substring(0, nl2);
  }
}
