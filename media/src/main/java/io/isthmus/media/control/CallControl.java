package io.isthmus.media.control;

import io.isthmus.common.time.Scheduler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.Call;
import java.util.ArrayList;
import java.util.List;

/**
 * The NG layer's state of one call: its parties, and a pending delayed deletion. Lives beside the
 * engine's {@link io.isthmus.media.relay.Call} and, like it, is only touched on the call's event
 * loop.
 */
final class CallControl {
  final String callId;
  final long createdEpochMicros;
  final List<Party> parties = new ArrayList<>();
  private int placeholders;

  /** Set while a delete waits out its delay; a new offer cancels it (the call is restarted). */
  Scheduler.Cancellable pendingDelete;

  /** Bumped by every offer, so a delayed deletion scheduled before it knows it is stale. */
  long generation;

  CallControl(String callId, long createdEpochMicros) {
    this.callId = callId;
    this.createdEpochMicros = createdEpochMicros;
  }

  /** The party answering to {@code tag}, or null. */
  Party find(String tag) {
    if (tag == null) {
      return null;
    }
    for (Party p : parties) {
      if (p.hasTag(tag)) {
        return p;
      }
    }
    return null;
  }

  /** The party offered to on {@code branch} that nobody answered yet, or null. */
  Party pending(String branch) {
    for (Party p : parties) {
      if (p.isPending() && p.branch.equals(branch)) {
        return p;
      }
    }
    return null;
  }

  /** Any unanswered party (an answer without via-branch matches the only one there usually is). */
  Party anyPending() {
    for (Party p : parties) {
      if (p.isPending()) {
        return p;
      }
    }
    return null;
  }

  Party addParty(String tag, String branch, LogicalInterface iface, long nowMicros) {
    String engineName = tag != null ? tag : "<pending " + (++placeholders) + ">";
    Party p = new Party(tag, engineName, branch, iface, nowMicros);
    parties.add(p);
    return p;
  }

  /**
   * The answer named {@code p} with {@code tag} (its first, or a fork's alias): the party answers
   * to it from now on, and the relay's monologue created under a placeholder at offer time takes
   * the tag too, so the relay's stats (the admin API) show the callee's tag, as the NG query does.
   */
  void bindTag(Call call, Party p, String tag) {
    p.addTag(tag);
    String shown = p.tag();
    if (shown != null && !shown.equals(p.engineName) && call.rename(p.engineName, shown)) {
      p.engineName = shown;
    }
  }

  void cancelPendingDelete() {
    if (pendingDelete != null) {
      pendingDelete.cancel();
      pendingDelete = null;
    }
  }
}
