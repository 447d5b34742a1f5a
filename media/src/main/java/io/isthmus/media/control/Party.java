package io.isthmus.media.control;

import io.isthmus.media.net.LogicalInterface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One party of a call as the NG layer sees it (rtpengine's monologue): its SIP tag, the interface
 * facing it, its m-lines, and the offer it was last sent (what its answer is matched against).
 *
 * <p>A party created by an offer before anyone answered has no tag yet: it stands for "whoever
 * answers on this via-branch" and takes the to-tag of the first answer. A second answer with
 * another to-tag on the same branch (forking) becomes an alias of it, as rtpengine does unless told
 * {@code new branch}.
 *
 * <p>The relay's streams facing a party belong to one dialogue: with forking (one offerer, several
 * via-branches) the offerer gets a port pair per branch, as rtpengine does, so that parallel early
 * media of each branch stays apart. {@link #slots} is the set of the current dialogue (with {@link
 * #peer}); {@link #slotsWith} the set for any other party. Owned by the call's event loop.
 */
final class Party {
  /** The tags this party answers to; the last one added is the one shown in replies. */
  private final Set<String> tags = new LinkedHashSet<>();

  /**
   * The engine monologue's name: the shown tag ({@link #tag()}), or while nobody answered a
   * placeholder unique within the call ({@code <pending N>}); {@link CallControl#bindTag} keeps it
   * in step.
   */
  String engineName;

  /** The via-branch the party was created for ("" when none was given). */
  final String branch;

  final long createdEpochMicros;
  LogicalInterface iface;
  String label;

  /** The slots of the dialogue with each party, in the order the dialogues began. */
  private final Map<Party, List<MediaSlot>> dialogues = new LinkedHashMap<>();

  /** The slots of the dialogue with {@link #peer} (empty while there is none). */
  List<MediaSlot> slots = new ArrayList<>();

  /** The offer this party was last sent, per m-line; null until one was. */
  List<OfferedMedia> receivedOffer;

  /** The party at the other end of the latest offer/answer exchange; set by {@link #talkTo}. */
  Party peer;

  Party(String tag, String engineName, String branch, LogicalInterface iface, long createdMicros) {
    if (tag != null) {
      tags.add(tag);
    }
    this.engineName = engineName;
    this.branch = branch;
    this.iface = iface;
    this.createdEpochMicros = createdMicros;
  }

  /** The tag shown in replies, or null while nobody answered. */
  String tag() {
    String last = null;
    for (String t : tags) {
      last = t;
    }
    return last;
  }

  boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  boolean isPending() {
    return tags.isEmpty();
  }

  void addTag(String tag) {
    tags.remove(tag);
    tags.add(tag);
  }

  /** The slots of the dialogue with {@code other}, created empty when new. */
  List<MediaSlot> slotsWith(Party other) {
    if (other == peer) {
      return slots;
    }
    return dialogues.computeIfAbsent(other, o -> new ArrayList<>());
  }

  /** The slot of m-line {@code index} (0-based) in the dialogue with {@code other}. */
  MediaSlot slot(Party other, int index) {
    List<MediaSlot> list = slotsWith(other);
    while (list.size() <= index) {
      list.add(new MediaSlot());
    }
    return list.get(index);
  }

  /** Makes {@code other} the current peer: replies and re-offers use that dialogue's slots. */
  void talkTo(Party other) {
    if (other == peer) {
      return;
    }
    if (peer != null) {
      dialogues.put(peer, slots);
    }
    peer = other;
    List<MediaSlot> with = other == null ? null : dialogues.remove(other);
    slots = with != null ? with : new ArrayList<>();
  }

  /** Releases the streams of the dialogue with {@code other} (a party that went away). */
  void forget(Party other) {
    List<MediaSlot> gone = dialogues.remove(other);
    if (gone != null) {
      gone.forEach(MediaSlot::release);
    }
    if (other == peer) {
      slots.forEach(MediaSlot::release);
      slots = new ArrayList<>();
      peer = null;
    }
  }

  /** Closes every stream of the party, in every dialogue, and returns its ports. */
  void releaseAll() {
    slots.forEach(MediaSlot::release);
    for (List<MediaSlot> list : dialogues.values()) {
      list.forEach(MediaSlot::release);
    }
  }

  boolean hasStreams() {
    if (hasStreams(slots)) {
      return true;
    }
    for (List<MediaSlot> list : dialogues.values()) {
      if (hasStreams(list)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasStreams(List<MediaSlot> list) {
    for (MediaSlot s : list) {
      if (s.stream != null) {
        return true;
      }
    }
    return false;
  }
}
