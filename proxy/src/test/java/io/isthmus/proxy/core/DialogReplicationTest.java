package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an answered dialog tells the HA listener ({@link DialogListener}, written to Redis by the ha
 * module under the key {@code isthmus:proxy:NODE:dialog:CALLID:CALLEETAG}): one {@code answered}
 * with every field a restarted proxy needs, a {@code refreshed} per in-dialog request with the
 * sides' CSeqs, one {@code ended} with the BYE, and nothing for calls that never answered. And the
 * way back: a replica restored into another core is a call there, its caller's identity included.
 */
class DialogReplicationTest {
  private final List<String> events = new ArrayList<>();
  private final List<DialogReplica> answered = new ArrayList<>();
  private final CoreHarness h =
      new CoreHarness(
          new DialogListener() {
            @Override
            public void answered(DialogReplica dialog) {
              answered.add(dialog);
              events.add("answered " + dialog.callId() + " " + dialog.calleeTag());
            }

            @Override
            public void refreshed(
                String callId,
                String calleeTag,
                int callerCseq,
                int calleeCseq,
                long intervalMillis,
                long expiresAtMillis) {
              events.add(
                  "refreshed "
                      + callId
                      + " "
                      + calleeTag
                      + " "
                      + callerCseq
                      + " "
                      + calleeCseq
                      + " "
                      + intervalMillis);
            }

            @Override
            public void ended(String callId, String calleeTag) {
              events.add("ended " + callId + " " + calleeTag);
            }
          });

  private static final long LIFETIME_MS = ProxyConfig.DEFAULTS.dialogLifetime().toMillis();

  /** Sets {@code callId} up to its 2xx and ACK; returns the gateway's address. */
  private String setUp(String callId) {
    h.fromCaller(CoreHarness.invite(callId));
    CoreHarness.Sent sent = null;
    for (String gw : List.of(CoreHarness.GW1, CoreHarness.GW2)) {
      for (CoreHarness.Sent s : h.requestsTo(gw, "INVITE")) {
        if (callIdOf(s).equals(callId)) {
          sent = s;
        }
      }
    }
    assertThat(sent).as("the INVITE of " + callId + " at a gateway").isNotNull();
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    h.fromCaller(inDialog(callId, "ACK", 1));
    return sent.to();
  }

  private static String callIdOf(CoreHarness.Sent s) {
    try {
      return s.request().callId();
    } catch (io.isthmus.sip.SipParseException e) {
      throw new AssertionError(e);
    }
  }

  private static io.isthmus.sip.message.SipRequest inDialog(String callId, String method, int n) {
    return request(
        method
            + " sip:bob@127.0.2.11:5060 SIP/2.0\n"
            + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-alice-"
            + method
            + n
            + "\n"
            + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
            + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@127.0.1.100>;tag=alice\n"
            + "To: <sip:bob@127.0.1.1>;tag=bob\n"
            + "Call-ID: "
            + callId
            + "\nCSeq: "
            + n
            + " "
            + method
            + "\nContent-Length: 0\n\n");
  }

  @Test
  void anAnsweredDialogIsToldOnceWithEveryFieldARestartNeeds() {
    long before = System.currentTimeMillis();
    String gw = setUp("r1");
    long after = System.currentTimeMillis();

    assertThat(events).containsExactly("answered r1 bob");
    DialogReplica d = answered.getFirst();
    assertThat(d.callId()).isEqualTo("r1");
    assertThat(d.callerTag()).isEqualTo("alice");
    assertThat(d.calleeTag()).isEqualTo("bob");
    assertThat(d.gatewaySet()).isEqualTo(2);
    assertThat(d.gatewayUri()).isEqualTo("sip:" + gw + ":5060");
    assertThat(d.caller())
        .isEqualTo(
            new DialogReplica.Party(
                "alice",
                "<sip:alice@127.0.1.100>;tag=alice",
                "sip:alice@127.0.1.100:5060",
                List.of(),
                "public",
                "UDP/127.0.1.100:5060", // where a BYE to the caller goes
                1));
    assertThat(d.callee().tag()).isEqualTo("bob");
    assertThat(d.callee().address()).isEqualTo("<sip:bob@127.0.1.1>;tag=bob");
    assertThat(d.callee().target()).isEqualTo("sip:bob@127.0.2.11:5060");
    assertThat(d.callee().network()).isEqualTo("private");
    assertThat(d.callee().cseq()).isZero(); // the callee has sent no request yet
    assertThat(d.callerNetwork()).isEqualTo("public");
    assertThat(d.calleeNetwork()).isEqualTo("private");
    assertThat(d.setName()).isEqualTo("2");
    assertThat(d.relayNode()).isNull(); // FakeMedia pins no node
    assertThat(d.intervalMillis()).isEqualTo(LIFETIME_MS);
    assertThat(d.expiresAtMillis()).isBetween(before + LIFETIME_MS, after + LIFETIME_MS);
    assertThat(d.answeredMillis()).isBetween(before, after);
    assertThat(d.createdMillis()).isBetween(before, d.answeredMillis());
    assertThat(d.callerIdentity()).isNull(); // no digest on this network
  }

  @Test
  void inDialogRequestsRefreshItAndTheByeEndsItOnce() {
    setUp("r2");
    h.fromCaller(inDialog("r2", "INFO", 2));
    h.fromCaller(inDialog("r2", "INFO", 3));
    h.fromCaller(inDialog("r2", "BYE", 4));
    h.drain();

    assertThat(events)
        .containsExactly(
            "answered r2 bob",
            "refreshed r2 bob 2 0 " + LIFETIME_MS,
            "refreshed r2 bob 3 0 " + LIFETIME_MS,
            "ended r2 bob");
    assertThat(h.core.answeredCalls()).isZero();
  }

  @Test
  void aCallThatNeverAnsweredTellsNothing() {
    h.fromCaller(CoreHarness.invite("r3"));
    List<CoreHarness.Sent> invites = new ArrayList<>(h.requestsTo(CoreHarness.GW1, "INVITE"));
    invites.addAll(h.requestsTo(CoreHarness.GW2, "INVITE"));
    CoreHarness.Sent sent = invites.getFirst();
    h.fromPrivate(answer(sent.request(), 486, "Busy Here", "bob", null), sent.to());
    h.drain();

    assertThat(h.statusesTo(CALLER)).contains(486);
    assertThat(events).isEmpty();
  }

  @Test
  void aRestoredDialogIsACallOfTheNewCoreWithTheCallersIdentity() {
    setUp("r4");
    DialogReplica d = answered.getFirst();
    DialogReplica authenticated =
        new DialogReplica(
            d.callId(),
            d.callerTag(),
            d.calleeTag(),
            d.gatewaySet(),
            d.gatewayUri(),
            d.caller(),
            d.callee(),
            d.relayNode(),
            d.callerNetwork(),
            d.calleeNetwork(),
            d.setName(),
            d.createdMillis(),
            d.answeredMillis(),
            d.intervalMillis(),
            d.expiresAtMillis(),
            "alice@isthmus.test");

    CoreHarness other = new CoreHarness();
    assertThat(other.core.restore(authenticated, System.currentTimeMillis())).isTrue();
    assertThat(other.core.restore(authenticated, System.currentTimeMillis()))
        .as("the same dialog twice")
        .isFalse();

    assertThat(other.core.answeredCalls()).isEqualTo(1);
    ProxyCall call = other.core.calls().getFirst();
    assertThat(call.callId()).isEqualTo("r4");
    assertThat(call.callerTag()).isEqualTo("alice");
    assertThat(call.calleeTag()).isEqualTo("bob");
    assertThat(call.state()).isEqualTo(ProxyCall.ANSWERED);
    assertThat(call.gateway()).isEqualTo(d.gatewayUri());
    assertThat(call.callerIdentity()).isEqualTo("alice@isthmus.test");
    assertThat(call.answeredEpochMillis()).isEqualTo(d.answeredMillis());
  }
}
