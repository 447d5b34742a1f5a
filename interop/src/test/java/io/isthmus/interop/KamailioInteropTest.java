package io.isthmus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.RtpengineProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A real Kamailio (Debian package, rtpengine module) drives the relay with {@code
 * rtpengine_manage()} and the flags of the deployment Isthmus replaces ({@code trust-address
 * replace-origin replace-session-connection RTP/AVP rtcp-mux-offer}, {@code direction=} on the
 * initial INVITE), for sipp calls: public to private and back, a re-INVITE, a CANCEL and a failed
 * gateway. Where a call is answered, test RTP endpoints at the addresses the parties' SDP announces
 * send G.711 both ways through the relay; every call leaves nothing behind on the relay.
 */
class KamailioInteropTest {
  private static final int CALL_MS = 4000;
  static final Path SIPP = Path.of(System.getProperty("interop.sipp", "/usr/bin/sipp"));

  /** One sipp call: its scenarios, which side calls, and whether it is answered with media. */
  record Call(String name, String uac, String uas, boolean fromPublic, boolean answered) {}

  static final Call PUBLIC_TO_PRIVATE = new Call("call", "uac", "uas", true, true);

  @Test
  void isthmusRelaysMediaOfAKamailioCall() throws Exception {
    onIsthmus(PUBLIC_TO_PRIVATE);
  }

  @Test
  void isthmusRelaysACallFromThePrivateSide() throws Exception {
    onIsthmus(new Call("reverse", "uac", "uas", false, true));
  }

  @Test
  void isthmusKeepsTheMediaThroughAReInvite() throws Exception {
    onIsthmus(new Call("reinvite", "uac-reinvite", "uas-reinvite", true, true));
  }

  @Test
  void isthmusForgetsACancelledCall() throws Exception {
    onIsthmus(new Call("cancel", "uac-cancel", "uas-ringing", true, false));
  }

  @Test
  void isthmusForgetsACallAFailedGatewayRefused() throws Exception {
    onIsthmus(new Call("failed", "uac-failed", "uas-failed", true, false));
  }

  private static void onIsthmus(Call call) throws Exception {
    Path dir = Interop.workDir().resolve("kamailio-isthmus-" + call.name());
    try (IsthmusRelay isthmus =
        IsthmusRelay.start(
            Interop.KAMAILIO_ISTHMUS_NG,
            Interop.KAMAILIO_ISTHMUS_MIN,
            Interop.KAMAILIO_ISTHMUS_MAX)) {
      callThroughKamailio(
          dir, isthmus.ng(), Interop.KAMAILIO_ISTHMUS_MIN, Interop.KAMAILIO_ISTHMUS_MAX, call);
    }
  }

  @Test
  void rtpengineRelaysMediaOfAKamailioCall() throws Exception {
    // The same call with the reference relay: proves the harness (Kamailio config, sipp
    // scenarios, RTP parties) independently of Isthmus.
    Path dir = Interop.workDir().resolve("kamailio-rtpengine");
    try (RtpengineProcess rtpengine =
            RtpengineProcess.start(
                dir,
                "rtpengine",
                Interop.KAMAILIO_RTPENGINE_NG,
                Interop.KAMAILIO_RTPENGINE_MIN,
                Interop.KAMAILIO_RTPENGINE_MAX);
        NgEndpoint ng = NgEndpoint.of(rtpengine.ng())) {
      callThroughKamailio(
          dir,
          ng,
          Interop.KAMAILIO_RTPENGINE_MIN,
          Interop.KAMAILIO_RTPENGINE_MAX,
          PUBLIC_TO_PRIVATE);
    }
  }

  /** Places one call through Kamailio and the relay, and checks it all. */
  static void callThroughKamailio(Path dir, NgEndpoint relay, int portMin, int portMax, Call call)
      throws Exception {
    ExternalProcess.requireBinary(SIPP, "sip-tester");
    String callerIp = call.fromPublic() ? Interop.PUBLIC_PARTY : Interop.PRIVATE_PARTY;
    String calleeIp = call.fromPublic() ? Interop.PRIVATE_PARTY : Interop.PUBLIC_PARTY;
    String callerIf = call.fromPublic() ? Interop.PUBLIC_IF : Interop.PRIVATE_IF;
    String calleeIf = call.fromPublic() ? Interop.PRIVATE_IF : Interop.PUBLIC_IF;
    int callerRtp = call.fromPublic() ? Interop.PUBLIC_PARTY_RTP : Interop.PRIVATE_PARTY_RTP;
    int calleeRtp = call.fromPublic() ? Interop.PRIVATE_PARTY_RTP : Interop.PUBLIC_PARTY_RTP;
    String callee = calleeIp + ":" + Interop.SIPP_UAS;
    Path uacXml =
        Templates.write(
            "kamailio/" + call.uac() + ".xml",
            Map.of(
                "CALLEE", callee,
                "RTP_PORT", Integer.toString(callerRtp),
                "CALL_MS", Integer.toString(CALL_MS)),
            dir.resolve("uac.xml"));
    Path uasXml =
        Templates.write(
            "kamailio/" + call.uas() + ".xml",
            Map.of("RTP_PORT", Integer.toString(calleeRtp)),
            dir.resolve("uas.xml"));
    Path uacMessages = dir.resolve("uac-messages.log");
    Path uasMessages = dir.resolve("uas-messages.log");
    java.nio.file.Files.deleteIfExists(uacMessages);
    java.nio.file.Files.deleteIfExists(uasMessages);

    try (KamailioProcess kamailio =
            KamailioProcess.start(dir, Interop.KAMAILIO_SIP, relay.node().getPort());
        RtpParty caller = new RtpParty(callerIp, callerRtp, 0x11111111);
        RtpParty calleeParty = new RtpParty(calleeIp, calleeRtp, 0x22222222);
        ExternalProcess uas =
            sipp(dir, "sipp-uas", uasXml, calleeIp, Interop.SIPP_UAS, 27250, uasMessages, null);
        ExternalProcess uac =
            sipp(
                dir,
                "sipp-uac",
                uacXml,
                callerIp,
                Interop.SIPP_UAC,
                27150,
                uacMessages,
                callerIf + ":" + Interop.KAMAILIO_SIP)) {
      Supplier<String> logs =
          () -> "\n" + kamailio.logTail(30) + "\n" + uac.logTail(20) + "\n" + uas.logTail(20);

      // The SDP the callee received names the relay on its own side, with the deployment's
      // flags applied: origin replaced, rtcp-mux offered.
      SippTrace.Received invite =
          poll(
              () -> "the INVITE at the UAS" + logs.get(),
              () -> SippTrace.firstReceived(uasMessages, "INVITE"));
      assertThat(invite.sdpLine("c=")).contains("c=IN IP4 " + calleeIf);
      assertThat(invite.sdpLine("o=")).hasValueSatisfying(o -> assertThat(o).endsWith(calleeIf));
      assertThat(invite.sdpLine("a=rtcp-mux")).as("rtcp-mux-offer").isPresent();
      int calleeSendsTo = mediaPort(invite);
      assertThat(calleeSendsTo).isBetween(portMin, portMax);
      if (call.answered()) {
        SippTrace.Received ok =
            poll(
                () -> "the 200 OK at the UAC" + logs.get(),
                () -> SippTrace.firstReceived(uacMessages, "SIP/2.0 200"));
        assertThat(ok.sdpLine("c=")).contains("c=IN IP4 " + callerIf);
        int callerSendsTo = mediaPort(ok);
        assertThat(callerSendsTo).isBetween(portMin, portMax);

        // RTP both ways through the relay.
        caller.sendTo(new InetSocketAddress(callerIf, callerSendsTo));
        calleeParty.sendTo(new InetSocketAddress(calleeIf, calleeSendsTo));
        awaitMedia(caller, calleeParty, 25, logs);
        assertThat(caller.sources())
            .containsExactly(new InetSocketAddress(callerIf, callerSendsTo));
        assertThat(calleeParty.sources())
            .containsExactly(new InetSocketAddress(calleeIf, calleeSendsTo));

        // The relay counted them, and knows exactly this one call.
        String callId =
            onlyCall(relay)
                .orElseThrow(() -> new AssertionError("relay lists no call" + logs.get()));
        NgResponse query =
            relay.call(BDict.builder().put("command", "query").put("call-id", callId).build());
        assertThat(query.result()).isEqualTo("ok");
        assertThat(rtpPackets(query.body())).as("totals.RTP.packets in %s", query).isPositive();

        if (call.uac().equals("uac-reinvite")) {
          // The re-INVITE's answer keeps the caller's relay port; media goes on both ways.
          SippTrace.Received reOk =
              poll(
                  () -> "the 200 OK to the re-INVITE" + logs.get(),
                  () ->
                      SippTrace.received(uacMessages).stream()
                          .filter(m -> m.startLine().startsWith("SIP/2.0 200"))
                          .filter(m -> m.text().contains("CSeq: 2 INVITE"))
                          .findFirst());
          assertThat(mediaPort(reOk)).as("port kept by the re-INVITE").isEqualTo(callerSendsTo);
          awaitMedia(caller, calleeParty, caller.received() + 25, logs);
        }
      }

      // The call completes in sipp, and Kamailio's rtpengine_manage() (BYE, CANCEL or the failure
      // route) removes it from the relay.
      assertThat(uac.waitFor(Duration.ofSeconds(30)))
          .as(() -> "sipp UAC exit code" + logs.get())
          .isZero();
      assertThat(uas.waitFor(Duration.ofSeconds(10)))
          .as(() -> "sipp UAS exit code" + logs.get())
          .isZero();
      poll(
          () -> "the call to disappear from the relay's list" + logs.get(),
          () -> onlyCall(relay).isEmpty() ? Optional.of(true) : Optional.empty());
    }
  }

  /** Waits until both parties received at least {@code packets} RTP packets. */
  private static void awaitMedia(
      RtpParty caller, RtpParty callee, int packets, Supplier<String> logs) throws Exception {
    poll(
        () ->
            "RTP both ways (caller got "
                + caller.received()
                + ", callee got "
                + callee.received()
                + ")"
                + logs.get(),
        () ->
            caller.received() >= packets && callee.received() >= packets
                ? Optional.of(true)
                : Optional.empty());
  }

  private static ExternalProcess sipp(
      Path dir,
      String name,
      Path scenario,
      String ip,
      int port,
      int mediaPort,
      Path messages,
      String remote)
      throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                SIPP.toString(),
                "-sf",
                scenario.toString(),
                "-i",
                ip,
                "-p",
                Integer.toString(port),
                "-mi",
                ip,
                "-mp",
                Integer.toString(mediaPort),
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30s",
                "-timeout_error",
                "-trace_msg",
                "-message_file",
                messages.toString(),
                "-trace_err",
                "-error_file",
                dir.resolve(name + "-errors.log").toString()));
    if (remote != null) {
      command.add(remote);
    }
    return ExternalProcess.start(name, command, dir, dir.resolve(name + ".log"));
  }

  private static int mediaPort(SippTrace.Received message) {
    String m =
        message
            .sdpLine("m=audio ")
            .orElseThrow(() -> new AssertionError("no m=audio in " + message.text()));
    return Integer.parseInt(m.split(" ")[1]);
  }

  private static Optional<String> onlyCall(NgEndpoint relay) throws IOException {
    NgResponse list = relay.call(BDict.builder().put("command", "list").build());
    if (!(list.body().get("calls") instanceof BList calls) || calls.isEmpty()) {
      return Optional.empty();
    }
    assertThat(calls).hasSize(1);
    return Optional.of(Requests.string(BDict.builder().put("id", calls.getFirst()).build(), "id"));
  }

  private static long rtpPackets(BDict query) {
    BValue totals = query.get("totals");
    if (totals instanceof BDict t
        && t.get("RTP") instanceof BDict rtp
        && rtp.get("packets") instanceof BInteger n) {
      return n.value();
    }
    return -1;
  }

  /** Polls {@code probe} every 20 ms until it yields a value, for up to 10 s. */
  static <T> T poll(Supplier<String> what, Callable<Optional<T>> probe) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Optional<T> v = probe.call();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
      Thread.sleep(20); // poll interval, not a wait for an event
    }
  }
}
