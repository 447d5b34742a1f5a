package io.isthmus.media.relay;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One party of a call (rtpengine's monologue), named by its SIP tag: the media streams the relay
 * holds for it, in m-line order. The empty tag is allowed for a side not signalled yet.
 *
 * <p>All methods must run on the call's event loop.
 */
public final class Monologue {

  private final Call call;
  private String tag;
  private final List<MediaStream> medias = new ArrayList<>();
  private int nextIndex = 1;

  Monologue(Call call, String tag) {
    this.call = call;
    this.tag = Objects.requireNonNull(tag, "tag");
  }

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

  /** The medias in m-line order (a read-only view). */
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

  public String tag() {
    return tag;
  }

  /** Renamed by {@link Call#rename}, which keeps the call's index by tag in step. */
  void retag(String newTag) {
    this.tag = newTag;
  }

  public Call call() {
    return call;
  }

  void removeMedia(MediaStream media) {
    medias.remove(media);
  }

  void restartLearning(long now) {
    for (MediaStream m : medias) {
      m.restartLearning(now);
    }
  }

  void releaseAll() {
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
    return new MonologueStats(tag, list);
  }
}
