package io.isthmus.media.relay;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One party of a call (rtpengine's monologue): its SIP tags, the interface facing it, the media
 * streams the relay holds for it, and, for the NG layer, its dialogues (the m-line slots per party
 * it talks to) and the offer it was last sent.
 *
 * <p>Its {@link #name} keys it in the call and in stats: its tag, or, for a party an offer created
 * before anyone answered, a placeholder unique within the call ({@code <pending N>}). Such a party
 * stands for "whoever answers on this via-branch" and takes the to-tag of the first answer; a
 * second answer with another to-tag on the same branch (forking) becomes an alias ({@link
 * #addTag}), as rtpengine does unless told {@code new branch}.
 *
 * <p>All methods must run on the call's event loop.
 */
public final class Monologue {

  private final Call call;
  private String name;

  /** The tags this party answers to; the last one added is the one shown ({@link #tag()}). */
  private final Set<String> tags = new LinkedHashSet<>();

  private final String branch;
  private final long createdEpochMicros;
  private LogicalInterface iface;
  private String label;
  private final List<MediaStream> medias = new ArrayList<>();
  private int nextIndex = 1;
  private final Dialogues dialogues = new Dialogues();
  private Object receivedOffer;
  private Object signalling;

  Monologue(
      Call call, String tag, String name, String branch, LogicalInterface iface, long micros) {
    this.call = call;
    if (tag != null) {
      tags.add(tag);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.branch = Objects.requireNonNull(branch, "branch");
    this.iface = iface;
    this.createdEpochMicros = micros;
  }

  // ---- media (the engine) -------------------------------------------------------------------

  /**
   * Adds the next m-line: reserves an even RTP port and the RTCP port after it on {@code iface} and
   * binds both. The party's address comes later ({@link MediaStream#setExpectedPeer}).
   *
   * @param type the SDP media type ("audio", "video", ...)
   * @throws PortsExhaustedException when no pair can be bound ("Ran out of ports")
   */
  public MediaStream addMedia(String type, LogicalInterface iface) throws PortsExhaustedException {
    call.checkUsable();
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(iface, "iface");
    MediaStream media = MediaStream.open(this, nextIndex, type, iface);
    nextIndex++;
    medias.add(media);
    return media;
  }

  /**
   * Restores m-line {@code index} on the relay port {@code rtpPort} itself (a standby taking a call
   * over binds the ports the parties were told).
   *
   * @throws PortsExhaustedException when that pair is taken or cannot be bound
   */
  public MediaStream restoreMedia(String type, LogicalInterface iface, int index, int rtpPort)
      throws PortsExhaustedException {
    call.checkUsable();
    MediaStream media = MediaStream.openAt(this, index, type, iface, rtpPort);
    nextIndex = Math.max(nextIndex, index + 1);
    medias.add(media);
    return media;
  }

  /** Every stream held for the party, in the order they were opened (a read-only view). */
  public List<MediaStream> medias() {
    return Collections.unmodifiableList(medias);
  }

  /** The media with this 1-based index, if still held. */
  public Optional<MediaStream> media(int index) {
    for (MediaStream m : medias) {
      if (m.index() == index) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public Call call() {
    return call;
  }

  // ---- identity -------------------------------------------------------------------------------

  /** The key in the call and in stats: the shown tag, or a placeholder while nobody answered. */
  public String name() {
    return name;
  }

  /** The tag shown in replies, or null while nobody answered. */
  public String tag() {
    String last = null;
    for (String t : tags) {
      last = t;
    }
    return last;
  }

  /** Every tag of the party, the shown one last (a copy). */
  public List<String> tags() {
    return List.copyOf(tags);
  }

  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  /** Whether the party was offered to and nobody answered yet (it has no tag). */
  public boolean isPending() {
    return tags.isEmpty();
  }

  /**
   * Names the party with {@code tag} (its first, or a fork's alias): it answers to it from now on,
   * and takes it as its {@link #name} too, so stats (the admin API) show the callee's tag as the NG
   * query does; unless another party of the call already has that name.
   */
  public void addTag(String tag) {
    call.checkUsable();
    Objects.requireNonNull(tag, "tag");
    tags.remove(tag);
    tags.add(tag);
    String shown = tag();
    if (!shown.equals(name) && call.rename(this, shown)) {
      name = shown;
    }
  }

  void restoreTag(String tag) {
    tags.add(tag);
  }

  /** The via-branch the party was created for ("" when none was given). */
  public String branch() {
    return branch;
  }

  /** Wall-clock creation time in epoch microseconds, as the NG layer set it (0 if it did not). */
  public long createdEpochMicros() {
    return createdEpochMicros;
  }

  /** The interface facing the party, the one its streams are opened on; null if never set. */
  public LogicalInterface iface() {
    return iface;
  }

  public void setIface(LogicalInterface iface) {
    this.iface = Objects.requireNonNull(iface, "iface");
  }

  /** NG {@code label}, or null. */
  public String label() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  // ---- dialogues (the NG layer's offer/answer state) ------------------------------------------

  /** The party at the other end of the latest offer/answer exchange, or null. */
  public Monologue peer() {
    return dialogues.peer();
  }

  /** The slots of the dialogue with {@link #peer}, by m-line (a read-only view). */
  public List<MediaSlot> slots() {
    return dialogues.current();
  }

  /** The slot of m-line {@code index} (0-based) in the dialogue with {@code other}, made empty. */
  public MediaSlot slot(Monologue other, int index) {
    call.checkOwner();
    return dialogues.slot(other, index);
  }

  /** Makes {@code other} the peer: replies and re-offers use that dialogue's slots from now on. */
  public void talkTo(Monologue other) {
    call.checkOwner();
    dialogues.talkTo(other);
  }

  /** Releases the streams of the dialogue with {@code other} (a party that went away). */
  public void forget(Monologue other) {
    call.checkOwner();
    dialogues.forget(other);
  }

  /**
   * The slots of every dialogue of the party by the other party, the current one's ({@link #peer})
   * included (a copy, for replication).
   */
  public java.util.Map<Monologue, List<MediaSlot>> dialogueSlots() {
    call.checkOwner();
    return dialogues.all();
  }

  /** Whether any dialogue of the party holds a stream. */
  public boolean hasStreams() {
    return dialogues.hasStreams();
  }

  /**
   * What the NG layer keeps of the offer this party was last sent (what its answer is matched
   * against), if it is a {@code type}; null until one was. The engine only holds it.
   */
  public <T> T receivedOffer(Class<T> type) {
    return type.isInstance(receivedOffer) ? type.cast(receivedOffer) : null;
  }

  public void setReceivedOffer(Object offer) {
    this.receivedOffer = offer;
  }

  /**
   * The rest of what the NG layer keeps per party (rtpengine's subscriptions, ICE roles), if it is
   * a {@code type}; null until set. The engine only holds it.
   */
  public <T> T signalling(Class<T> type) {
    return type.isInstance(signalling) ? type.cast(signalling) : null;
  }

  public void setSignalling(Object state) {
    this.signalling = state;
  }

  // ---- for the call ---------------------------------------------------------------------------

  void removeMedia(MediaStream media) {
    medias.remove(media);
  }

  void restartLearning(long now) {
    for (MediaStream m : medias) {
      m.restartLearning(now);
    }
  }

  /** Closes every stream of the party, in every dialogue, and returns its ports. */
  void releaseAll() {
    dialogues.releaseAll();
    for (MediaStream m : medias) {
      m.releaseForCall();
    }
    medias.clear();
  }

  MonologueStats stats(long now) {
    var list = new ArrayList<MediaStats>(medias.size());
    for (MediaStream m : medias) {
      list.add(m.stats(now));
    }
    return new MonologueStats(name, list);
  }
}
