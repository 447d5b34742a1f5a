package io.isthmus.media.relay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The m-line slots of one monologue, per party it is in dialogue with. With forking (one offerer,
 * several via-branches) the offerer gets a port pair per branch, as rtpengine does, so that
 * parallel early media of each branch stays apart: {@link #current} is the set of the dialogue with
 * {@link #peer}, the map the sets of the others. Owned by the call's event loop.
 */
final class Dialogues {
  /** The slots of the dialogue with each other party, in the order the dialogues began. */
  private final Map<Monologue, List<MediaSlot>> others = new LinkedHashMap<>();

  private List<MediaSlot> current = new ArrayList<>();
  private Monologue peer;

  Monologue peer() {
    return peer;
  }

  List<MediaSlot> current() {
    return Collections.unmodifiableList(current);
  }

  /** The slot of m-line {@code index} (0-based) in the dialogue with {@code other}. */
  MediaSlot slot(Monologue other, int index) {
    List<MediaSlot> list =
        other == peer ? current : others.computeIfAbsent(other, o -> new ArrayList<>());
    while (list.size() <= index) {
      list.add(new MediaSlot());
    }
    return list.get(index);
  }

  /** Makes {@code other} the peer: replies and re-offers use that dialogue's slots. */
  void talkTo(Monologue other) {
    if (other == peer) {
      return;
    }
    if (peer != null) {
      others.put(peer, current);
    }
    peer = other;
    List<MediaSlot> with = other == null ? null : others.remove(other);
    current = with != null ? with : new ArrayList<>();
  }

  /** Releases the streams of the dialogue with {@code other} (a party that went away). */
  void forget(Monologue other) {
    List<MediaSlot> gone = others.remove(other);
    if (gone != null) {
      gone.forEach(MediaSlot::release);
    }
    if (other == peer) {
      current.forEach(MediaSlot::release);
      current = new ArrayList<>();
      peer = null;
    }
  }

  /** Every dialogue's slots, the current one's included (a copy). */
  Map<Monologue, List<MediaSlot>> all() {
    Map<Monologue, List<MediaSlot>> all = new LinkedHashMap<>();
    others.forEach((m, list) -> all.put(m, List.copyOf(list)));
    if (peer != null) {
      all.put(peer, List.copyOf(current));
    }
    return all;
  }

  /** Closes every stream in every dialogue. */
  void releaseAll() {
    current.forEach(MediaSlot::release);
    for (List<MediaSlot> list : others.values()) {
      list.forEach(MediaSlot::release);
    }
  }

  boolean hasStreams() {
    if (hasStreams(current)) {
      return true;
    }
    for (List<MediaSlot> list : others.values()) {
      if (hasStreams(list)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasStreams(List<MediaSlot> list) {
    for (MediaSlot s : list) {
      if (s.hasStream()) {
        return true;
      }
    }
    return false;
  }
}
