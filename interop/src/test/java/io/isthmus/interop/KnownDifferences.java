package io.isthmus.interop;

import static io.isthmus.interop.Difference.Kind.ERROR_REASON;
import static io.isthmus.interop.Difference.Kind.FIELD;
import static io.isthmus.interop.Difference.Kind.RESULT;
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
          // --- query / delete structure ------------------------------------------------------
          regex(
              ANY,
              FIELD,
              "^tags\\.[^ ]*\\.(subscriptions|subscribers)(\\[\\d+\\]\\.(tag|type))? only in"
                  + " rtpengine",
              "rtpengine 10.5 describes which parties exchange media with its publish/subscribe"
                  + " model (subscriptions, subscribers); Isthmus has no publish/subscribe and"
                  + " writes the NG document's 'in dialogue with'. No NG client we know reads"
                  + " either (Kamailio reads only the stats)."),
          regex(
              ANY,
              FIELD,
              "^tags\\.[^ ]*\\.in dialogue with only in isthmus",
              "the NG document's 'in dialogue with' key, see the subscriptions entry"),
          regex(
              ANY,
              FIELD,
              "^tags\\.[^ ]*\\.medias\\[\\d+\\]\\.interface only in isthmus",
              "Isthmus names the logical interface of each media in query replies, the answer to"
                  + " the most common rtpengine support question (which interface did a leg use);"
                  + " clients ignore keys they do not know"),
          regex(
              ANY,
              FIELD,
              "^tags\\.[^ ]*\\.via-branch only in isthmus",
              "the NG document lists 'via-branch' per tag in query replies; rtpengine 10.5 leaves it"
                  + " out"),
          regex(
              ANY,
              FIELD,
              "^tags\\.<untagged>\\.\\(key\\): rtpengine '<untagged 1>', isthmus ''",
              "the party not yet signalled: the NG document says its key is the empty string,"
                  + " rtpengine 10.5 writes a display name"),
          regex(
              ANY,
              FIELD,
              "^tags\\.<untagged>\\.medias\\[0\\]\\.streams\\[\\d\\]\\.(advertised )?endpoint"
                  + " only in rtpengine: \\{\\}",
              "Isthmus leaves out the endpoint of a party that has not sent SDP instead of writing"
                  + " an empty dictionary"),
          regex(
              ANY,
              FIELD,
              "medias\\[\\d+\\]\\.flags: rtpengine '\\[ICE controlling, (initialized, )?recv,"
                  + " send\\]', isthmus '\\[(initialized, )?recv, send\\]'",
              "'ICE controlling' is the role of rtpengine's ICE agent, set on the answerer's media"
                  + " even without ICE; Isthmus has no ICE agent (ICE is always removed) and does"
                  + " not claim a role. Every other media flag (initialized, recv, send, rtcp-mux)"
                  + " agrees"),
          // --- ICE -----------------------------------------------------------------------------
          regex(
              "ice-remove",
              SDP_CONTENT,
              "only in rtpengine: a=(ice-ufrag|ice-pwd|candidate):<generated>",
              "rtpengine answers an ICE offerer with its own ICE candidates (ICE-lite) even when"
                  + " ICE=remove stripped ICE towards the answerer; Isthmus has no ICE agent and"
                  + " answers without ICE, which an ICE offerer must accept (RFC 8839 section"
                  + " 4.2.2: no ICE attributes in the answer, no ICE)"),
          // --- request validation --------------------------------------------------------------
          regex(
              "unknown-flag",
              WARNING,
              "warning only in isthmus: Unknown flag encountered: 'no-such-flag'",
              "rtpengine 10.5 only logs an unknown flag; Isthmus also returns it as a warning on the"
                  + " ok reply, so a typo in a Kamailio flag string is visible to the operator"
                  + " (Kamailio reads only 'result')"),
          regex(
              "wrong-type-keys",
              ERROR_REASON,
              "error-reason: rtpengine 'No call-id in message', isthmus 'Invalid value for key"
                  + " \"call-id\": expected a string, got an integer'",
              "rtpengine treats a key of the wrong type as missing; Isthmus names the key and the"
                  + " type it expected (precise errors for bad input)"),
          regex(
              "wrong-type-keys",
              RESULT,
              "result: rtpengine 'ok', isthmus 'error'",
              "flags given as a string instead of a list: rtpengine ignores them and goes on;"
                  + " Isthmus refuses the request rather than silently drop flags. Kamailio and"
                  + " OpenSIPS always send a list"),
          regex(
              "wrong-type-keys",
              ERROR_REASON,
              "error-reason only in isthmus: Invalid value for key \"flags\"",
              "see the flags-as-string entry"),
          regex(
              "wrong-type-keys",
              SDP_CONTENT,
              "sdp sections: rtpengine \\[session, media 0 \\(audio\\)\\], isthmus \\[\\]",
              "see the flags-as-string entry: no SDP in an error reply"),
          regex(
              "wrong-type-keys",
              FIELD,
              "sdp\\.line-endings only in rtpengine",
              "see the flags-as-string entry: no SDP in an error reply"),
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
              "^tags\\.b\\..* only in isthmus",
              "the reply to a branch delete: rtpengine reports only the deleted dialogue (a, c);"
                  + " Isthmus reports the whole call, as for any delete"),
          regex(
              "forking-via-branch",
              FIELD,
              "^tags\\.c\\..* only in rtpengine",
              "after a branch delete rtpengine 10.5 still lists the deleted branch's party in"
                  + " query; Isthmus has freed it and its ports"));
}
