package io.isthmus.proxy.media;

import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes one node's sessions and the calls pinned to it the same set, from the node's {@code list}:
 *
 * <ul>
 *   <li>a session listed in two rounds in a row that no call here is pinned to, and that was not
 *       deleted here lately (a relay's {@code delete-delay} keeps deleted calls listed), is an
 *       orphan: deleted (an offer that ran after the proxy gave up, a delete that got lost);
 *   <li>a call pinned here whose first offer the node accepted before the {@code list} was sent,
 *       and that the list does not name, is gone from the node (its media timed out, or the relay
 *       restarted): reported, so the proxy ends the call. Only from a complete list: one of {@link
 *       #LIST_LIMIT} names may be cut short.
 * </ul>
 *
 * It assumes the proxy is the node's only NG client that creates calls (set {@code
 * reconcile-interval: 0} for a shared relay, whose other calls must not be deleted).
 */
final class Reconciler {
  /**
   * Call-IDs asked for per round: a reply of 1,000 typical Call-IDs (about 40 bytes each) stays
   * well inside one UDP datagram; with more calls on a node only orphans are looked for.
   */
  static final int LIST_LIMIT = 1000;

  private final NgMediaControl control;

  Reconciler(NgMediaControl control) {
    this.control = control;
  }

  void run(RelayNode node) {
    long sent = control.clock().nanos();
    control
        .exchange(node, NgRequests.list(LIST_LIMIT), "list", null)
        .whenComplete(
            (reply, error) -> {
              if (error == null && reply.isSuccess()) {
                compare(node, names(reply.body().get("calls")), sent);
              }
            });
  }

  private void compare(RelayNode node, List<String> listed, long sent) {
    Set<String> names = new HashSet<>(listed);
    node.recentlyDeleted.retainAll(names); // freed by now: forgotten
    Set<String> suspects = new HashSet<>();
    for (String callId : listed) {
      if (control.pinnedTo(callId, node) || node.recentlyDeleted.contains(callId)) {
        continue;
      }
      if (node.suspects.contains(callId)) {
        control.deleteOrphan(node, callId);
      } else {
        suspects.add(callId);
      }
    }
    node.suspects = Set.copyOf(suspects);
    if (listed.size() >= LIST_LIMIT) {
      return;
    }
    for (Map.Entry<String, NgMediaControl.Pin> e : control.confirmedOn(node, sent)) {
      if (!names.contains(e.getKey())) {
        control.lost(e.getKey(), e.getValue());
      }
    }
  }

  private static List<String> names(BValue calls) {
    if (!(calls instanceof BList list)) {
      return List.of();
    }
    return list.stream()
        .filter(v -> v instanceof BString)
        .map(v -> ((BString) v).asString())
        .toList();
  }
}
