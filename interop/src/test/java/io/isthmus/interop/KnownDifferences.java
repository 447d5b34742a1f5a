package io.isthmus.interop;

import static io.isthmus.interop.Difference.Kind.FIELD;
import static io.isthmus.interop.Difference.Kind.SDP_CONTENT;
import static io.isthmus.interop.Difference.Kind.WARNING;
import static io.isthmus.interop.KnownDifference.regex;

import java.util.List;

/**
 * Every difference between the Isthmus relay and rtpengine 10.5 that the differential test accepts,
 * with the reason. The test fails on any difference not listed here, and on an entry that no longer
 * matches anything (so the list stays true).
 *
 * <p>Entries whose reason starts with {@code OPEN} are not decisions: they are behaviour of the
 * relay that differs from the reference and has been reported to its authors; remove the entry when
 * the relay changes (the test then insists on it).
 */
final class KnownDifferences {
  private KnownDifferences() {}

  private static final String ANY = ".*";

  static final List<KnownDifference> KNOWN_DIFFERENCES =
      List.of(
          // --- ICE -----------------------------------------------------------------------------
          regex(
              "ice-.*",
              SDP_CONTENT,
              "^sdp session only in isthmus: a=ice-lite$",
              "Isthmus is an ICE-lite agent (it answers connectivity checks and sends none), and"
                  + " RFC 8839 section 5.3 requires a lite agent to say so: the full peer then"
                  + " takes the controlling role and nominates, which is what makes ICE complete"
                  + " when Isthmus offers ICE (ICE=force) to a full agent. rtpengine 10.5 is a"
                  + " full agent and says a=ice-lite only when told to (ICE-lite flag); its"
                  + " candidates, ufrag/pwd lengths and line order are the same as Isthmus'"),
          regex(
              "ice-answerer-checks",
              FIELD,
              "^media\\.1\\.1 stun:b: rtpengine 'error \\d+ [^']*', isthmus 'success from=relay port"
                  + " xor-mapped=source integrity=valid'$",
              "the answerer checks as the controlling agent (ICE-CONTROLLING): facing Isthmus'"
                  + " a=ice-lite a full answerer is controlling (RFC 8445 section 6.1.1), and"
                  + " Isthmus answers; rtpengine 10.5, a full agent that offered ICE, is"
                  + " controlling itself and refuses the check as a role conflict. Each relay"
                  + " answers the checks its own SDP asked for"),
          // --- media (packets through the relay) ------------------------------------------------
          regex(
              "media-transcode",
              FIELD,
              "^media\\.[\\d.]+ [ab]>[ab](:ssrc2)? \\[\\d\\]: rtpengine 'at=sdp pt=(\\d+) m=0"
                  + " seq=sent ts=sent ssrc=(new-\\d+) len=172 payload=(PCM[AU])\\(sent\\)( except"
                  + " \\d+)?', isthmus 'at=sdp pt=\\2 m=[01] seq=sent ts=sent ssrc=\\3 len=172"
                  + " payload=\\4\\(sent\\)'$",
              "transcoded packets agree in payload type, sequence number, timestamp (both keep"
                  + " the sender's), a new SSRC per input SSRC and length. Two details differ:"
                  + " Isthmus keeps the sender's marker bit (the start of a talkspurt, RFC 3551"
                  + " section 4.1, which a receiver's jitter buffer resynchronises on), rtpengine"
                  + " 10.5's transcoder clears it on every packet; and rtpengine converts through"
                  + " linear PCM with ffmpeg's rounding, which puts a few codes (7 of the 256"
                  + " mu-law codes) one step from the G.711/G.191 conversion Isthmus uses: one"
                  + " quantisation step on those samples, inaudible"),
          regex(
              "media-transcode",
              FIELD,
              "^media\\.[\\d.]+ [ab]>[ab]:rtcp \\[0\\]: rtpengine 'SR ssrc=(new-\\d+) ntp=sent"
                  + " rtp-ts=(\\d+) packets=(\\d+) octets=(\\d+) \\| block ssrc=([AB]) fraction=\\d+"
                  + " lost=\\d+ highest=\\d+ jitter=20 lsr=sent dlsr=sent', isthmus 'SR ssrc=\\1"
                  + " ntp=sent rtp-ts=\\2 packets=\\3 octets=\\4 \\| block ssrc=\\5 fraction=16 lost=7"
                  + " highest=9999 jitter=20 lsr=sent dlsr=sent'$",
              "both rewrite a transcoded party's SR to the stream sent on (its SSRC, RTP"
                  + " timestamp, packet and octet counts) and name the real source in its report"
                  + " block. Isthmus keeps the receiver's loss figures and highest sequence number:"
                  + " sequence numbers pass unchanged, so they describe the sender's stream end to"
                  + " end, loss on the relay's far leg included; rtpengine 10.5 puts figures of its"
                  + " own reception there, so the sender no longer sees loss between the relay and"
                  + " the receiver"),
          // --- query / statistics ----------------------------------------------------------------
          regex(
              "media-query",
              FIELD,
              "^tags\\.[ab]\\.medias\\[0\\]\\.RTCP report\\.(SSRC|fraction lost|jitter|packets"
                  + " lost|reports) only in isthmus",
              "after RTCP flowed, Isthmus' query adds the latest reception report each party sent"
                  + " (fraction lost, cumulative loss, jitter, the reported SSRC) to that party's"
                  + " media, the figures its /metrics and call API show; rtpengine 10.5 answers"
                  + " the same query without them (its SSRC dictionary stays empty here). An"
                  + " extra key: NG clients that do not know it, Kamailio included, ignore it"),
          regex(
              "query-rejected-video",
              FIELD,
              "^tags\\.[ab]\\.medias\\[1\\]\\..* only in rtpengine",
              "an m-line the answer rejects (port 0) loses its relay ports at once in Isthmus, so"
                  + " query lists no media for it; rtpengine 10.5 keeps the ports (and lists the"
                  + " media) until the call ends. Freeing them keeps a busy relay from running out"
                  + " of ports on calls that reject video"),
          regex(
              "statistics",
              FIELD,
              "^statistics\\.currentstatistics\\.media_userspace: rtpengine '0', isthmus '\\d+'",
              "Isthmus counts every media stream it holds open (all are relayed in userspace);"
                  + " rtpengine counts a stream only once a packet went through it"),
          regex(
              "statistics",
              FIELD,
              "^statistics\\.transcoders(\\[\\d+\\]\\.\\w+ only in rtpengine: <(int|string)>| only in"
                  + " isthmus: \\[\\])$",
              "rtpengine lists its transcoder chains (kept since start-up, here from the"
                  + " codec-transcode scenario); Isthmus' G.711 A-law/mu-law conversion is done in"
                  + " place in the forwarding path, not by a transcoder chain, and none is listed"),
          // --- SDES ----------------------------------------------------------------------------
          regex(
              "sdes-.*",
              SDP_CONTENT,
              "only in rtpengine: a=(setup:actpass|fingerprint:sha-256 )",
              "rtpengine also offers DTLS-SRTP beside SDES on an RTP/SAVP offer; Isthmus does no"
                  + " DTLS and offers SDES only (RTP/SAVP is SDES by definition, RFC 4568)"),
          // --- request validation --------------------------------------------------------------
          regex(
              "unknown-flag",
              WARNING,
              "warning only in isthmus: Unknown flag encountered: 'no-such-flag'",
              "rtpengine 10.5 only logs an unknown flag; Isthmus also returns it as a warning on the"
                  + " ok reply, so a typo in a Kamailio flag string is visible to the operator"
                  + " (Kamailio reads only 'result')"),
          regex(
              "wrong-type-keys(-more)?",
              WARNING,
              "warning only in isthmus: Ignored key",
              "a key of the wrong type counts as absent, as in rtpengine; Isthmus also says so in"
                  + " a warning on an ok reply, so a client bug is visible (Kamailio reads only"
                  + " 'result')"),
          regex(
              ANY,
              FIELD,
              "^error-detail only in isthmus",
              "the error reason is rtpengine's (what Kamailio logs and people grep for); the extra"
                  + " key says exactly what was wrong (which key had which type, where a bencode or"
                  + " JSON document broke off). Clients ignore keys they do not know"),
          // --- forking -------------------------------------------------------------------------
          regex(
              "forking-via-branch",
              FIELD,
              "^tags\\.a\\.medias\\[0\\]\\.streams\\[\\d\\]\\.local port: rtpengine"
                  + " 'PUB_PORT_2(\\+1)?', isthmus 'PUB_PORT_1(\\+1)?'",
              "the query after the branch delete (step 6): Isthmus frees the offerer's port pair"
                  + " of the deleted branch with it and reports the pair of the branch that"
                  + " remains (where the caller's media now goes); rtpengine 10.5 keeps reporting"
                  + " the deleted branch's pair. Before the delete (SDP of steps 3-4, delete reply"
                  + " of step 5) both agree: one offerer pair per branch"),
          regex(
              "forking-via-branch",
              FIELD,
              "^tags\\.a\\.(subscribers|subscriptions)",
              "after the branch delete (step 6) rtpengine 10.5 still has the caller subscribed to"
                  + " the deleted branch's party; Isthmus removed that party, so the caller is left"
                  + " receiving from the remaining branch only (its subscription lists follow the"
                  + " parties that exist)"),
          regex(
              "forking-via-branch-query",
              SDP_CONTENT,
              "only in (rtpengine|isthmus): (m=audio |a=rtcp:)PUB_PORT_[12]",
              "each branch's answer goes back with the caller-side port pair made for that"
                  + " branch's offer (Isthmus keeps one pair per branch, so parallel early media"
                  + " stays apart); rtpengine 10.5 answers the first branch with the pair of the"
                  + " latest offer and gives the second a new one"),
          regex(
              "forking-via-branch-query",
              FIELD,
              "^tags\\.a\\.medias\\[0\\]\\.streams\\[\\d\\]\\.local port: rtpengine 'PUB_PORT_2(\\+1)?',"
                  + " isthmus 'PUB_PORT_1(\\+1)?'",
              "see the per-branch port pair entry: the query shows the pair of the branch"
                  + " answered last"),
          regex(
              "forking-two-answers",
              FIELD,
              "^tags\\.(a|b|c)\\.",
              "a second answer with a new to-tag and no via-branch: Isthmus makes the new tag an"
                  + " alias of the party that answered first (the NG document's rule: 'a new,"
                  + " unseen to-tag in an answer is aliased to the existing answer party'), so one"
                  + " callee party with the latest answer's media remains; rtpengine 10.5 creates"
                  + " a new party c on the caller's interface (public, for a private callee) and"
                  + " leaves b behind"),
          regex(
              "forking-via-branch",
              FIELD,
              "^tags\\.c\\..* only in rtpengine",
              "after a branch delete rtpengine 10.5 still lists the deleted branch's party in"
                  + " query; Isthmus has freed it and its ports"));
}
