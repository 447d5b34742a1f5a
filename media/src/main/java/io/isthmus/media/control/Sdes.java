package io.isthmus.media.control;

import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpStream;
import io.isthmus.media.srtp.SrtpSuite;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SdpLine;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * SDES key exchange (RFC 4568) where the relay terminates SRTP, with rtpengine's semantics:
 *
 * <ul>
 *   <li>plain offer, {@code transport-protocol} RTP/SAVP(F): the relay offers its own keys onward,
 *       one {@code a=crypto} line per suite it supports; the answerer picks one by tag and gives
 *       its own key for it. The relay then decrypts what the answerer sends and encrypts towards
 *       it; the offerer's side stays plain.
 *   <li>SRTP offer with {@code a=crypto}, {@code transport-protocol} RTP/AVP(F): the offer goes on
 *       plain; the answer to the offerer carries the first suite it offered that the relay
 *       supports, with the offerer's tag and the relay's own key (rtpengine drops lifetime and
 *       MKI). The relay decrypts with the offerer's key and encrypts with its own.
 *   <li>SRTP offer with {@code a=crypto} going on as SRTP (no {@code transport-protocol}, or an
 *       SRTP one): the offer goes on with the offerer's lines (lifetime dropped, MKI kept) and,
 *       after them, a line with the relay's own key for each of its suites the offerer did not
 *       list, tagged from the offerer's highest tag up, as rtpengine 10.5 does. An answer that
 *       picks one of the offerer's lines is the two parties' own SRTP session: the relay passes it
 *       through. One that picks a relay line has the relay terminate SRTP on both sides: it
 *       decrypts the answerer with the answerer's key, and answers the offerer with its first suite
 *       and a relay key.
 * </ul>
 */
final class Sdes {
  private Sdes() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One usable {@code a=crypto} line (RFC 4568 §9.1).
   *
   * @param mki the line's {@code |MKI:length} field as written, or "" (the relay's own keys)
   */
  record Crypto(int tag, MasterKey key, int mkiLength, String mki) {
    Crypto(int tag, MasterKey key, int mkiLength) {
      this(tag, key, mkiLength, "");
    }

    SrtpSuite suite() {
      return key.suite();
    }

    /** The line as the relay writes it: tag, suite, inline key and MKI, without lifetime. */
    String line() {
      return "a=crypto:" + tag + " " + key.suite().name() + " inline:" + key.inline() + mki;
    }
  }

  /**
   * What an offer arranged, kept with the offer until its answer.
   *
   * @param relayKeys the relay's lines in the offer sent on
   * @param offererKeys the offerer's usable lines
   * @param passthrough SRTP on both sides: the offerer's lines went on too, before the relay's
   */
  record Offer(List<Crypto> relayKeys, List<Crypto> offererKeys, boolean passthrough) {
    Offer(List<Crypto> relayKeys, List<Crypto> offererKeys) {
      this(relayKeys, offererKeys, false);
    }
  }

  /** The SRTP profiles (SDES); UDP/TLS/... needs DTLS, which the relay does not do. */
  static boolean secure(String proto) {
    return proto.equals("RTP/SAVP") || proto.equals("RTP/SAVPF");
  }

  /**
   * The SDES plan of one offered m-line going on with profile {@code onward}; null when the relay
   * passes SRTP (or plain RTP) through unchanged.
   */
  static Offer offer(MediaDescription m, String onward, List<String> warnings, Crypto kept) {
    boolean in = secure(m.media().proto());
    boolean out = secure(onward);
    if (!in && out) {
      return new Offer(relayKeys(kept), List.of());
    }
    if (in && !out) {
      List<Crypto> theirs = parse(m);
      if (theirs.isEmpty()) {
        warnings.add("no a=crypto line with a supported suite; SRTP passed through");
        return null;
      }
      return new Offer(List.of(), theirs);
    }
    if (in) {
      List<Crypto> theirs = parse(m);
      if (theirs.isEmpty()) {
        return null; // nothing the relay could terminate: the offer's lines go on as they are
      }
      int next = theirs.stream().mapToInt(Crypto::tag).max().orElse(0) + 1;
      return new Offer(relayKeys(kept, next, theirs), theirs, true);
    }
    return null;
  }

  /**
   * rtpengine 10.5's suites in the order it offers them. Tags are positions in this list (1 for
   * AEAD_AES_256_GCM ... 7 for AES_CM_128_HMAC_SHA1_80), so an answerer picks the same tag from
   * either relay; the relay terminates all twelve ({@link SrtpSuite}).
   */
  static final List<String> RTPENGINE_SUITES =
      List.of(
          "AEAD_AES_256_GCM",
          "AEAD_AES_128_GCM",
          "AES_256_CM_HMAC_SHA1_80",
          "AES_256_CM_HMAC_SHA1_32",
          "AES_192_CM_HMAC_SHA1_80",
          "AES_192_CM_HMAC_SHA1_32",
          "AES_CM_128_HMAC_SHA1_80",
          "AES_CM_128_HMAC_SHA1_32",
          "F8_128_HMAC_SHA1_80",
          "F8_128_HMAC_SHA1_32",
          "NULL_HMAC_SHA1_80",
          "NULL_HMAC_SHA1_32");

  /**
   * The relay's keys for an offer: fresh ones, tagged by position; or, on a re-offer after the
   * answerer accepted {@code kept}, that one first with its tag and key (so the SRTP session goes
   * on) and fresh keys for the other suites tagged after it, as rtpengine does.
   */
  private static List<Crypto> relayKeys(Crypto kept) {
    return relayKeys(kept, 1, List.of());
  }

  /**
   * The relay's keys tagged from {@code next} on, for the suites {@code offered} does not list
   * (with {@code kept} first, as above, when the offerer did not list its suite either).
   */
  private static List<Crypto> relayKeys(Crypto kept, int next, List<Crypto> offered) {
    List<Crypto> keys = new ArrayList<>();
    java.util.Set<String> listed = new java.util.HashSet<>();
    offered.forEach(c -> listed.add(c.suite().name()));
    if (kept != null && listed.contains(kept.suite().name())) {
      kept = null;
    }
    if (kept != null) {
      keys.add(kept);
      next = Math.max(next, kept.tag() + 1);
    }
    for (String name : RTPENGINE_SUITES) {
      if (listed.contains(name) || (kept != null && kept.suite().name().equals(name))) {
        continue;
      }
      int tag = next++;
      SrtpSuite.byName(name)
          .ifPresent(suite -> keys.add(new Crypto(tag, MasterKey.random(suite, RANDOM), 0)));
    }
    return List.copyOf(keys);
  }

  /** The crypto lines the offer sent onward carries: the relay's, none, or the offerer's (null). */
  static List<String> offerLines(Offer sdes) {
    if (sdes == null) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    if (sdes.passthrough()) {
      sdes.offererKeys().forEach(c -> lines.add(c.line()));
    }
    sdes.relayKeys().forEach(c -> lines.add(c.line()));
    return List.copyOf(lines);
  }

  /**
   * Applies the answer to the streams of one m-line ({@code offerer} faces the offerer, {@code
   * answerer} the answerer) and returns the crypto lines of the answer sent back (null: the
   * answer's own, passed through).
   */
  static List<String> answer(
      Offer sdes,
      MediaDescription answer,
      MediaStream offerer,
      MediaStream answerer,
      List<String> warnings,
      java.util.function.Consumer<Crypto> accepted) {
    offerer.setSrtp(null, null);
    answerer.setSrtp(null, null);
    if (sdes == null) {
      return null;
    }
    if (sdes.passthrough()) {
      List<Crypto> picked = parse(answer);
      for (Crypto theirs : picked) {
        for (Crypto offered : sdes.offererKeys()) {
          if (offered.tag() == theirs.tag() && offered.suite() == theirs.suite()) {
            return null; // the parties' own SRTP session: passed through, keys and all
          }
        }
      }
      // A relay line, or none: the relay's lines as for a plain offer, and the offerer's side
      // terminated as for an offer going on plain.
    }
    if (!sdes.relayKeys().isEmpty()) {
      for (Crypto theirs : parse(answer)) {
        for (Crypto ours : sdes.relayKeys()) {
          if (ours.tag() == theirs.tag() && ours.suite() == theirs.suite()) {
            answerer.setSrtp(
                new SrtpStream(SrtpContext.receiver(theirs.key(), theirs.mkiLength())),
                new SrtpStream(SrtpContext.sender(ours.key())));
            accepted.accept(ours);
            return sdes.passthrough() ? offererSide(sdes, offerer) : List.of();
          }
        }
      }
      if (secure(answer.media().proto())) {
        warnings.add("the answer accepted none of the relay's a=crypto lines");
      }
      return sdes.passthrough() ? null : List.of();
    }
    return offererSide(sdes, offerer);
  }

  /**
   * The relay terminates the offerer's SRTP: it decrypts with the offerer's first usable key and
   * encrypts with a fresh one of that suite, which the answer back carries under the offerer's tag.
   */
  private static List<String> offererSide(Offer sdes, MediaStream offerer) {
    Crypto theirs = sdes.offererKeys().getFirst();
    MasterKey ours = MasterKey.random(theirs.suite(), RANDOM);
    offerer.setSrtp(
        new SrtpStream(SrtpContext.receiver(theirs.key(), theirs.mkiLength())),
        new SrtpStream(SrtpContext.sender(ours)));
    return List.of(new Crypto(theirs.tag(), ours, 0).line());
  }

  /** The section's {@code a=crypto} lines the relay can use, in their order. */
  static List<Crypto> parse(MediaDescription m) {
    List<Crypto> out = new ArrayList<>();
    for (SdpLine l : m.attributes("crypto")) {
      Crypto c = parse(l.attributeValue());
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * {@code tag SP suite SP inline:KEY[|lifetime][|MKI:length] [session params]}; null when the
   * suite is unknown, the key malformed, or a session parameter asks for something the relay does
   * not do (UNENCRYPTED_SRTP, a key derivation rate, ...).
   */
  static Crypto parse(String value) {
    String[] f = value.trim().split("\\s+");
    if (f.length < 3 || !f[0].matches("[0-9]{1,9}") || !f[2].startsWith("inline:")) {
      return null;
    }
    for (int i = 3; i < f.length; i++) {
      if (!f[i].startsWith("WSH=")) {
        return null; // window size hint is only a hint; everything else changes the transform
      }
    }
    var suite = SrtpSuite.byName(f[1]);
    if (suite.isEmpty()) {
      return null;
    }
    String[] info = f[2].substring("inline:".length()).split(";")[0].split("\\|");
    int mki = 0;
    for (int i = 1; i < info.length; i++) {
      int colon = info[i].indexOf(':');
      if (colon > 0) {
        try {
          mki = Integer.parseInt(info[i].substring(colon + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (mki < 0 || mki > 128) {
          return null; // RFC 4568 §6.1: at most 128 bytes
        }
      }
    }
    String mkiField = "";
    for (int i = 1; i < info.length; i++) {
      if (info[i].indexOf(':') > 0) {
        mkiField = "|" + info[i];
      }
    }
    try {
      return new Crypto(
          Integer.parseInt(f[0]), MasterKey.fromInline(suite.get(), info[0]), mki, mkiField);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
