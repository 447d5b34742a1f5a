package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.HealthMonitor;
import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ListFileParser;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.TransactionTransport;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.FakeClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One core on a fake clock: public network 127.0.1.0/24 (proxy 127.0.1.1:5060, gateway set 1 =
 * 127.0.1.21), private 127.0.2.0/24 (proxy 127.0.2.1:5060, set 2 = 127.0.2.11 and 127.0.2.12), a
 * recording wire and a {@link FakeMedia}.
 */
final class CoreHarness {
  static final String CALLER = "127.0.1.100";
  static final String GW1 = "127.0.2.11";
  static final String GW2 = "127.0.2.12";

  record Sent(SipMessage message, Hop hop) {
    SipRequest request() {
      return (SipRequest) message;
    }

    SipResponse response() {
      return (SipResponse) message;
    }

    String to() {
      return hop.remote().getAddress().getHostAddress();
    }
  }

  final FakeClock clock = new FakeClock();
  final FakeMedia media = new FakeMedia();
  final List<Sent> wire = new ArrayList<>();
  final List<String> stateChanges = new ArrayList<>();
  final SipCounters counters = new SipCounters();
  final Network publicNet = network("public", "127.0.1.1", "127.0.1.0/24", 1);
  final Network privateNet = network("private", "127.0.2.1", "127.0.2.0/24", 2);
  final Networks networks = Networks.of(List.of(publicNet, privateNet));
  final Dispatcher dispatcher;
  final ProxyCore core;

  /** Sends matching this fail with an ICMP-like error, reported on the next clock tick. */
  java.util.function.Predicate<Sent> failWhen = s -> false;

  CoreHarness() {
    this(DialogListener.NONE);
  }

  /** A harness whose answered dialogs are told to {@code dialogs} (the HA listener). */
  CoreHarness(DialogListener dialogs) {
    try {
      HealthMonitor monitor =
          new HealthMonitor(
              HealthSettings.DEFAULTS,
              (gw, from, to, reason) -> stateChanges.add(gw.uri().host() + " " + to));
      dispatcher =
          new Dispatcher(
              ListFileParser.parse(
                  "test.list",
                  "1 sip:127.0.1.21:5060\n2 sip:" + GW1 + ":5060\n2 sip:" + GW2 + ":5060\n"),
              DispatcherSettings.DEFAULTS,
              monitor,
              new CallLoad());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    TransactionTransport transport =
        (message, hop, onFailure) -> {
          Sent sent = new Sent(message, hop);
          wire.add(sent);
          if (failWhen.test(sent)) {
            clock.schedule(() -> onFailure.accept(new java.io.IOException("port unreachable")), 0);
          }
        };
    core =
        new ProxyCore(
            ProxyConfig.DEFAULTS,
            LocalSockets.of(networks, SocketSpec::socketAddress),
            dispatcher,
            media,
            clock,
            Runnable::run,
            transport,
            counters,
            EdgeSecurity.NONE,
            dialogs);
  }

  private static Network network(String name, String address, String subnet, int set) {
    return new Network(
        name,
        List.of(SocketSpec.of(Transport.UDP, address, 5060)),
        name,
        List.of(Subnet.parse(subnet)),
        set,
        Optional.empty());
  }

  static SipRequest request(String text) {
    return (SipRequest) parse(text);
  }

  static SipMessage parse(String text) {
    byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    try {
      return SipParser.parseDatagram(b, 0, b.length);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A message with a body: Content-Length computed. */
  static String withBody(String head, String body) {
    String crlfBody = body.replace("\n", "\r\n");
    return head
        + "Content-Type: application/sdp\nContent-Length: "
        + crlfBody.getBytes(StandardCharsets.UTF_8).length
        + "\n\n"
        + body;
  }

  static final String CALLER_SDP =
      "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
          + "m=audio 40000 RTP/AVP 0\n";
  static final String CALLEE_SDP =
      "v=0\no=bob 2 2 IN IP4 127.0.2.11\ns=-\nc=IN IP4 127.0.2.11\nt=0 0\n"
          + "m=audio 50000 RTP/AVP 0\n";

  static String inviteHead(String callId) {
    return "INVITE sip:bob@127.0.1.1 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-caller-"
        + callId
        + "\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@127.0.1.100>;tag=alice\n"
        + "To: <sip:bob@127.0.1.1>\n"
        + "Call-ID: "
        + callId
        + "\n"
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:alice@127.0.1.100:5060>\n";
  }

  static SipRequest invite(String callId) {
    return request(withBody(inviteHead(callId), CALLER_SDP));
  }

  void fromCaller(SipRequest r) {
    core.receive(r, flow(publicNet, CALLER, 5060));
  }

  void fromPrivate(SipMessage m, String source) {
    Flow f = flow(privateNet, source, 5060);
    switch (m) {
      case SipRequest r -> core.receive(r, f);
      case SipResponse r -> core.receive(r, f);
    }
  }

  void fromPublic(SipMessage m, String source) {
    Flow f = flow(publicNet, source, 5060);
    switch (m) {
      case SipRequest r -> core.receive(r, f);
      case SipResponse r -> core.receive(r, f);
    }
  }

  private Flow flow(Network n, String source, int port) {
    return new Flow(n.sockets().getFirst(), n, new InetSocketAddress(source, port), null, null);
  }

  /** A response from the gateway to the request it got: its Vias, To with tag, optional SDP. */
  static SipResponse answer(
      SipRequest received, int status, String reason, String toTag, String sdp) {
    StringBuilder sb = new StringBuilder("SIP/2.0 " + status + " " + reason + "\n");
    for (String v : received.headerValues(io.isthmus.sip.message.HeaderName.VIA)) {
      sb.append("Via: ").append(v).append('\n');
    }
    for (String rr : received.headerValues(io.isthmus.sip.message.HeaderName.RECORD_ROUTE)) {
      sb.append("Record-Route: ").append(rr).append('\n');
    }
    sb.append("From: ")
        .append(received.headerValue(io.isthmus.sip.message.HeaderName.FROM).get())
        .append('\n');
    String to = received.headerValue(io.isthmus.sip.message.HeaderName.TO).get();
    sb.append("To: ")
        .append(toTag == null || to.contains("tag=") ? to : to + ";tag=" + toTag)
        .append('\n');
    sb.append("Call-ID: ")
        .append(received.headerValue(io.isthmus.sip.message.HeaderName.CALL_ID).get())
        .append('\n');
    sb.append("CSeq: ")
        .append(received.headerValue(io.isthmus.sip.message.HeaderName.CSEQ).get())
        .append('\n');
    if (status >= 200 && status < 300) {
      sb.append("Contact: <sip:bob@127.0.2.11:5060>\n");
    }
    String head = sb.toString();
    return (SipResponse) parse(sdp == null ? head + "Content-Length: 0\n\n" : withBody(head, sdp));
  }

  List<Sent> sentTo(String address) {
    return wire.stream().filter(s -> s.to().equals(address)).toList();
  }

  List<Sent> requestsTo(String address, String method) {
    return sentTo(address).stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals(method))
        .toList();
  }

  List<Integer> statusesTo(String address) {
    return sentTo(address).stream()
        .filter(s -> s.message() instanceof SipResponse)
        .map(s -> s.response().status())
        .toList();
  }

  Sent lastTo(String address) {
    return sentTo(address).getLast();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** Lets every timer run out and checks that nothing of the call is left. */
  void drain() {
    clock.advance(Duration.ofSeconds(60));
  }

  static String body(SipMessage m) {
    return new String(m.bodyBytes(), StandardCharsets.UTF_8);
  }
}
