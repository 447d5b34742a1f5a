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
 * A real Kamailio (Debian package, rtpengine module) sends the NG commands for a sipp call from the
 * public to the private side, and the media flows through the relay: test RTP endpoints at the
 * addresses the parties' SDP announces send G.711 both ways.
 */
class KamailioInteropTest {
  private static final int CALL_MS = 4000;
  static final Path SIPP = Path.of(System.getProperty("interop.sipp", "/usr/bin/sipp"));

  @Test
  void isthmusRelaysMediaOfAKamailioCall() throws Exception {
    Path dir = Interop.workDir().resolve("kamailio-isthmus");
    try (IsthmusRelay isthmus =
        IsthmusRelay.start(
            Interop.KAMAILIO_ISTHMUS_NG,
            Interop.KAMAILIO_ISTHMUS_MIN,
            Interop.KAMAILIO_ISTHMUS_MAX)) {
      callThroughKamailio(
          dir, isthmus.ng(), Interop.KAMAILIO_ISTHMUS_MIN, Interop.KAMAILIO_ISTHMUS_MAX);
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
      callThroughKamailio(dir, ng, Interop.KAMAILIO_RTPENGINE_MIN, Interop.KAMAILIO_RTPENGINE_MAX);
    }
  }

  /** Places one call public -> private through Kamailio and the relay, and checks it all. */
  static void callThroughKamailio(Path dir, NgEndpoint relay, int portMin, int portMax)
      throws Exception {
    ExternalProcess.requireBinary(SIPP, "sip-tester");
    String callee = Interop.PRIVATE_PARTY + ":" + Interop.SIPP_UAS;
    Path uacXml =
        Templates.write(
            "kamailio/uac.xml",
            Map.of(
                "CALLEE", callee,
                "RTP_PORT", Integer.toString(Interop.PUBLIC_PARTY_RTP),
                "CALL_MS", Integer.toString(CALL_MS)),
            dir.resolve("uac.xml"));
    Path uasXml =
        Templates.write(
            "kamailio/uas.xml",
            Map.of("RTP_PORT", Integer.toString(Interop.PRIVATE_PARTY_RTP)),
            dir.resolve("uas.xml"));
    Path uacMessages = dir.resolve("uac-messages.log");
    Path uasMessages = dir.resolve("uas-messages.log");
    java.nio.file.Files.deleteIfExists(uacMessages);
    java.nio.file.Files.deleteIfExists(uasMessages);

    try (KamailioProcess kamailio =
            KamailioProcess.start(dir, Interop.KAMAILIO_SIP, relay.node().getPort());
        RtpParty alice = new RtpParty(Interop.PUBLIC_PARTY, Interop.PUBLIC_PARTY_RTP, 0x11111111);
        RtpParty bob = new RtpParty(Interop.PRIVATE_PARTY, Interop.PRIVATE_PARTY_RTP, 0x22222222);
        ExternalProcess uas =
            sipp(
                dir,
                "sipp-uas",
                uasXml,
                Interop.PRIVATE_PARTY,
                Interop.SIPP_UAS,
                27250,
                uasMessages,
                null);
        ExternalProcess uac =
            sipp(
                dir,
                "sipp-uac",
                uacXml,
                Interop.PUBLIC_PARTY,
                Interop.SIPP_UAC,
                27150,
                uacMessages,
                Interop.PUBLIC_IF + ":" + Interop.KAMAILIO_SIP)) {
      Supplier<String> logs =
          () -> "\n" + kamailio.logTail(30) + "\n" + uac.logTail(20) + "\n" + uas.logTail(20);

      // The SDP each party received names the relay on its own side.
      SippTrace.Received invite =
          poll(
              () -> "the INVITE at the UAS" + logs.get(),
              () -> SippTrace.firstReceived(uasMessages, "INVITE"));
      SippTrace.Received ok =
          poll(
              () -> "the 200 OK at the UAC" + logs.get(),
              () -> SippTrace.firstReceived(uacMessages, "SIP/2.0 200"));
      assertThat(invite.sdpLine("c=")).contains("c=IN IP4 " + Interop.PRIVATE_IF);
      assertThat(ok.sdpLine("c=")).contains("c=IN IP4 " + Interop.PUBLIC_IF);
      int bobSendsTo = mediaPort(invite);
      int aliceSendsTo = mediaPort(ok);
      assertThat(List.of(bobSendsTo, aliceSendsTo))
          .allSatisfy(p -> assertThat(p).isBetween(portMin, portMax));

      // RTP both ways through the relay.
      alice.sendTo(new InetSocketAddress(Interop.PUBLIC_IF, aliceSendsTo));
      bob.sendTo(new InetSocketAddress(Interop.PRIVATE_IF, bobSendsTo));
      poll(
          () ->
              "RTP both ways (alice got "
                  + alice.received()
                  + ", bob got "
                  + bob.received()
                  + ")"
                  + logs.get(),
          () ->
              alice.received() >= 25 && bob.received() >= 25
                  ? Optional.of(true)
                  : Optional.empty());
      assertThat(alice.sources())
          .containsExactly(new InetSocketAddress(Interop.PUBLIC_IF, aliceSendsTo));
      assertThat(bob.sources())
          .containsExactly(new InetSocketAddress(Interop.PRIVATE_IF, bobSendsTo));

      // The relay counted them, and knows exactly this one call.
      String callId =
          onlyCall(relay).orElseThrow(() -> new AssertionError("relay lists no call" + logs.get()));
      NgResponse query =
          relay.call(BDict.builder().put("command", "query").put("call-id", callId).build());
      assertThat(query.result()).isEqualTo("ok");
      assertThat(rtpPackets(query.body())).as("totals.RTP.packets in %s", query).isPositive();

      // The call completes in sipp, and Kamailio's delete on BYE removes it from the relay.
      assertThat(uac.waitFor(Duration.ofSeconds(20)))
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
