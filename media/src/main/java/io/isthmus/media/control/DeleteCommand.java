package io.isthmus.media.control;

import io.isthmus.common.time.Scheduler;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code delete}, with rtpengine's scopes: {@code call-id} (+ {@code from-tag}) deletes the call;
 * {@code to-tag} only that party's dialogue; {@code via-branch} only the party of that branch. When
 * no party is left to talk to, the whole call goes.
 *
 * <p>The reply carries the call's counters at the time of the request (not with {@code fast}). With
 * a delete delay (default 30 s) the deletion happens that much later: until then {@code query} and
 * {@code list} still show the call and media still flows; a new {@code offer} on the call cancels
 * it. Runs on the call's event loop.
 */
final class DeleteCommand {
  private final MediaRelay relay;
  private final Map<String, CallControl> calls;
  private final Scheduler scheduler;
  private final Duration defaultDelay;
  private final Wall wall;

  DeleteCommand(
      MediaRelay relay,
      Map<String, CallControl> calls,
      Scheduler scheduler,
      Duration defaultDelay,
      Wall wall) {
    this.relay = relay;
    this.calls = calls;
    this.scheduler = scheduler;
    this.defaultDelay = defaultDelay;
    this.wall = wall;
  }

  /** The reply for a call the relay does not hold (or whose tags do not match). */
  static NgResponse notFound(NgRequest req) throws NgException {
    if (req.hasFlag("fatal")) {
      throw new NgException(NgReasons.NOT_FOUND);
    }
    return NgResponse.okBuilder().warning(NgReasons.NOT_FOUND).build();
  }

  NgResponse run(Call call, NgRequest req) throws NgException {
    CallControl cc = calls.get(req.callId());
    if (cc == null) {
      return notFound(req);
    }
    List<Party> targets = targets(cc, req);
    if (targets == null) {
      return notFound(req);
    }
    NgResponse.Builder reply =
        req.hasFlag("fast") ? NgResponse.okBuilder() : StatsReply.build(cc, call.stats(), wall);
    long delaySeconds = req.deleteDelay().orElse(defaultDelay.toSeconds());
    if (delaySeconds <= 0) {
      remove(call, cc, targets);
    } else {
      long generation = cc.generation;
      String callId = cc.callId;
      cc.cancelPendingDelete();
      cc.pendingDelete =
          scheduler.schedule(
              () ->
                  relay.onExistingCall(
                      callId,
                      c -> {
                        CallControl now = calls.get(callId);
                        if (now == cc && cc.generation == generation) {
                          cc.pendingDelete = null;
                          remove(c, cc, targets);
                        }
                        return null;
                      }),
              Duration.ofSeconds(delaySeconds).toNanos());
    }
    return reply.build();
  }

  /** The parties to remove, an empty list for the whole call, or null if the tags match nothing. */
  private static List<Party> targets(CallControl cc, NgRequest req) {
    if (req.fromTag() != null && cc.find(req.fromTag()) == null) {
      return null;
    }
    if (req.toTag() != null) {
      Party b = cc.find(req.toTag());
      return b == null ? null : List.of(b);
    }
    if (req.viaBranch() != null) {
      Party from = cc.find(req.fromTag());
      List<Party> branch = new ArrayList<>();
      for (Party p : cc.parties) {
        if (p != from && p.branch.equals(req.viaBranch())) {
          branch.add(p);
        }
      }
      return branch.isEmpty() ? null : branch;
    }
    return List.of();
  }

  /** Removes the parties (or the whole call); the engine's listener drops the call's state. */
  private static void remove(Call call, CallControl cc, List<Party> targets) {
    if (targets.isEmpty()) {
      call.delete();
      return;
    }
    for (Party p : targets) {
      p.releaseAll();
      cc.parties.remove(p);
    }
    // The ports the others held for a dialogue with a removed party (the offerer's per-branch
    // ports) go with it.
    for (Party q : cc.parties) {
      for (Party p : targets) {
        q.forget(p);
      }
    }
    List<Party> withMedia = new ArrayList<>();
    for (Party p : cc.parties) {
      if (p.hasStreams()) {
        withMedia.add(p);
      }
    }
    if (withMedia.size() < 2) {
      call.delete();
      return;
    }
    // The offerer whose peer went away talks to the latest remaining branch again.
    for (Party p : cc.parties) {
      if (p.peer == null) {
        Party other = lastOtherWithMedia(cc, p);
        if (other != null && other.peer == p) {
          p.talkTo(other);
          repair(p, other);
        }
      }
    }
  }

  private static Party lastOtherWithMedia(CallControl cc, Party p) {
    Party found = null;
    for (Party q : cc.parties) {
      if (q != p && q.hasStreams()) {
        found = q;
      }
    }
    return found;
  }

  private static void repair(Party a, Party b) {
    for (int i = 0; i < Math.min(a.slots.size(), b.slots.size()); i++) {
      MediaStream x = a.slots.get(i).stream;
      MediaStream y = b.slots.get(i).stream;
      if (x != null && y != null) {
        MediaStream.pair(x, y);
      }
    }
  }
}
