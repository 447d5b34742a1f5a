package io.isthmus.media.control;

import io.isthmus.media.net.LogicalInterface;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One party of a call as the NG layer sees it (rtpengine's monologue): its SIP tag, the interface
 * facing it, its m-lines, and the offer it was last sent (what its answer is matched against).
 *
 * <p>A party created by an offer before anyone answered has no tag yet: it stands for "whoever
 * answers on this via-branch" and takes the to-tag of the first answer. A second answer with
 * another to-tag on the same branch (forking) becomes an alias of it, as rtpengine does unless told
 * {@code new branch}. Owned by the call's event loop.
 */
final class Party {
  /** The tags this party answers to; the last one added is the one shown in replies. */
  private final Set<String> tags = new LinkedHashSet<>();

  /** The engine monologue's name: the first tag, or a placeholder unique within the call. */
  final String engineName;

  /** The via-branch the party was created for ("" when none was given). */
  final String branch;

  final long createdEpochMicros;
  LogicalInterface iface;
  String label;
  final List<MediaSlot> slots = new ArrayList<>();

  /** The offer this party was last sent, per m-line; null until one was. */
  List<OfferedMedia> receivedOffer;

  /** The party at the other end of the latest offer/answer exchange. */
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

  /** The slot of m-line {@code index} (0-based), created empty when new. */
  MediaSlot slot(int index) {
    while (slots.size() <= index) {
      slots.add(new MediaSlot());
    }
    return slots.get(index);
  }

  /** Closes every stream of the party and returns its ports. */
  void releaseAll() {
    for (MediaSlot s : slots) {
      s.release();
    }
  }

  boolean hasStreams() {
    for (MediaSlot s : slots) {
      if (s.stream != null) {
        return true;
      }
    }
    return false;
  }
}
