package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgFlags;
import io.isthmus.ng.NgResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every NG flag the parser accepts either acts or comes back in the reply's warning, named. */
class FlagSupportTest extends ControlTestSupport {

  static final String OFFER =
      Ng.crlf(
          "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
              + "m=audio 5000 RTP/AVP 0\n");

  @Test
  void everyKnownFlagHasExactlyOneRule() {
    Set<String> ruled = new HashSet<>();
    for (Set<String> part :
        Set.of(
            FlagSupport.SIGNALLING,
            FlagSupport.ANSWER,
            FlagSupport.DELETE,
            FlagSupport.IGNORED.keySet())) {
      for (String flag : part) {
        assertThat(ruled.add(flag)).as("%s ruled twice", flag).isTrue();
      }
    }
    assertThat(ruled).isEqualTo(NgFlags.known());
  }

  @Test
  void anOfferWithAnyKnownFlagIsAnsweredAndWarnsAboutEveryFlagThatDoesNotAct() throws Exception {
    int n = 0;
    for (String flag : NgFlags.known()) {
      String callId = "flag-" + n++;
      NgResponse r = ok(Ng.offer(callId, "alice", OFFER).flags(flag));
      String warning = r.warning() == null ? "" : r.warning();
      if (FlagSupport.acts(flag, NgCommand.OFFER)) {
        assertThat(warning).as("%s acts on offer", flag).doesNotContain("'" + flag + "'");
      } else {
        assertThat(warning).as("%s on offer", flag).contains("Flag '" + flag + "' ignored: ");
      }
      ok(Ng.command("delete").put("call-id", callId).put("delete-delay", 0));
    }
  }

  @Test
  void aSignallingFlagOnDeleteAndAnUnsupportedReplaceAreNamed() throws Exception {
    assertThat(
            ok(Ng.offer("c", "alice", OFFER).list("replace", "origin", "session-name")).warning())
        .isEqualTo("Flag 'replace-session-name' ignored: not supported by Isthmus");
    NgResponse deleted =
        ok(
            Ng.command("delete")
                .put("call-id", "c")
                .put("delete-delay", 0)
                .flags("fast", "trust-address"));
    assertThat(deleted.warning()).isEqualTo("Flag 'trust-address' ignored: no effect on delete");
  }
}
