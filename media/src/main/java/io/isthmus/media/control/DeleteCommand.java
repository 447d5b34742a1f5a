package io.isthmus.media.control;

import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.relay.Monologue;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code delete}, with rtpengine's scopes: {@code call-id} (+ {@code from-tag}) deletes the call;
 * {@code to-tag} only that party's dialogue; {@code via-branch} only the party of that branch. When
 * no party is left to talk to, the whole call goes.
 *
 * <p>The reply carries the call's counters at the time of the request (not with {@code fast}). With
 * a delete delay (default 30 s) the deletion happens that much later: until then {@code query} and
 * {@code list} still show the call and media still flows; a new {@code offer} on the call cancels
 * it. Runs on the call's event loop; the delayed deletion is a timer of the call ({@link
 * Call#schedule}), so it fires there too.
 */
final class DeleteCommand {
  private final MediaRelay relay;
  private final Duration defaultDelay;
  private final Wall wall;

  DeleteCommand(MediaRelay relay, Duration defaultDelay, Wall wall) {
    this.relay = relay;
    this.defaultDelay = defaultDelay;
    this.wall = wall;
  }

  /** The reply for a call the relay does not hold (or whose tags do not match). */
  static NgResponse notFound(NgRequest req) throws NgException {
    if (req.hasFlag("fatal")) {
      throw new NgException(NgReasons.NOT_FOUND);
    }
    List<String> warnings = new ArrayList<>(List.of(NgReasons.NOT_FOUND));
    warnings.addAll(req.warnings());
    warnings.addAll(FlagSupport.warnings(req));
    return Replies.warn(NgResponse.okBuilder(), warnings).build();
  }

  NgResponse run(Call call, NgRequest req) throws NgException {
    List<Monologue> targets = targets(call, req);
    if (targets == null) {
      return notFound(req);
    }
    NgResponse.Builder reply =
        req.hasFlag("fast")
            ? NgResponse.okBuilder()
            : StatsReply.build(call, call.stats(), wall, req.fromTag(), req.toTag());
    long delaySeconds = req.deleteDelay().orElse(defaultDelay.toSeconds());
    if (delaySeconds <= 0) {
      remove(call, targets);
    } else {
      long generation = call.generation();
      String callId = call.callId();
      call.setPendingDelete(
          call.schedule(
              // On the call's loop this runs inline; an injected (test) scheduler hops there.
              () ->
                  relay.onExistingCall(
                      callId,
                      c -> {
                        if (c == call && c.generation() == generation) {
                          c.clearPendingDelete();
                          remove(c, targets);
                        }
                        return null;
                      }),
              Duration.ofSeconds(delaySeconds).toNanos()));
    }
    List<String> warnings = new ArrayList<>(req.warnings());
    warnings.addAll(FlagSupport.warnings(req));
    return Replies.warn(reply, warnings).build();
  }

  /** The parties to remove, an empty list for the whole call, or null if the tags match nothing. */
  private static List<Monologue> targets(Call call, NgRequest req) {
    if (req.fromTag() != null && call.find(req.fromTag()) == null) {
      return null;
    }
    if (req.toTag() != null) {
      Monologue b = call.find(req.toTag());
      return b == null ? null : List.of(b);
    }
    if (req.viaBranch() != null) {
      Monologue from = call.find(req.fromTag());
      List<Monologue> branch = new ArrayList<>();
      for (Monologue p : call.monologues()) {
        if (p != from && p.branch().equals(req.viaBranch())) {
          branch.add(p);
        }
      }
      return branch.isEmpty() ? null : branch;
    }
    return List.of();
  }

  /** Removes the parties (or the whole call); the engine's listener drops the call's state. */
  private static void remove(Call call, List<Monologue> targets) {
    if (targets.isEmpty()) {
      call.delete();
      return;
    }
    for (Monologue p : targets) {
      // The ports the others held for a dialogue with it (the offerer's per-branch ports) go too.
      call.removeMonologue(p);
      NgParty.forget(call, p);
    }
    List<Monologue> withMedia = new ArrayList<>();
    for (Monologue p : call.monologues()) {
      if (p.hasStreams()) {
        withMedia.add(p);
      }
    }
    if (withMedia.size() < 2) {
      call.delete();
      return;
    }
    // The offerer whose peer went away talks to the latest remaining branch again.
    for (Monologue p : call.monologues()) {
      if (p.peer() == null) {
        Monologue other = lastOtherWithMedia(call, p);
        if (other != null && other.peer() == p) {
          p.talkTo(other);
          repair(p, other);
        }
      }
    }
  }

  private static Monologue lastOtherWithMedia(Call call, Monologue p) {
    Monologue found = null;
    for (Monologue q : call.monologues()) {
      if (q != p && q.hasStreams()) {
        found = q;
      }
    }
    return found;
  }

  private static void repair(Monologue a, Monologue b) {
    for (int i = 0; i < Math.min(a.slots().size(), b.slots().size()); i++) {
      MediaStream x = a.slots().get(i).stream();
      MediaStream y = b.slots().get(i).stream();
      if (x != null && y != null) {
        MediaStream.pair(x, y);
      }
    }
  }
}
