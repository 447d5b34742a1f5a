package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.core.EdgeSecurity;
import io.isthmus.proxy.transport.PemFiles;
import io.isthmus.proxy.transport.TcpPeer;
import io.isthmus.proxy.transport.TlsContext;
import io.isthmus.proxy.transport.TlsSettings;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS through the real proxy: a caller over TLS to a UDP gateway (responses and in-dialog
 * requests on the caller's TLS connection, our Record-Route with transport=tls), the certificate
 * the caller sees, a broken handshake counted, a certificate reload that keeps open connections, a
 * TLS gateway reached over a connection the proxy opens (our Via with RFC 5923 alias), and a sips:
 * request that never leaves in clear.
 */
class TlsEndToEndTest {
  @TempDir Path dir;
  private EdgeFixture fx;
  private TestUserAgent gw1;
  private TestUserAgent gw2;
  private Path[] cert;

  @BeforeEach
  void start() throws Exception {
    cert = EdgeFixture.certificate(dir.resolve("a"), "isthmus test A");
    gw1 = TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT);
    gw2 = TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT);
  }

  private void startProxy(String list) throws Exception {
    TlsSettings tls =
        TlsSettings.of(cert[0], cert[1]).withTrust(java.util.Optional.of(cert[0]), false);
    TlsContext pub = TlsContext.load("public", tls);
    TlsContext priv = TlsContext.load("private", tls);
    fx =
        new EdgeFixture(
            list,
            d ->
                new EdgeSecurity(
                    Map.of("public", pub, "private", priv), Map.of(), null, null, a -> true));
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
    gw1.close();
    gw2.close();
  }

  private static SSLContext trusting(Path certFile) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", PemFiles.certificates(certFile).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }

  private static SSLSocket connect(Path trust, String from) throws Exception {
    Socket raw = new Socket();
    raw.bind(new InetSocketAddress(InetAddress.ofLiteral(from), 0));
    raw.connect(EdgeFixture.PUBLIC_TLS, 5000);
    SSLSocket s =
        (SSLSocket)
            trusting(trust)
                .getSocketFactory()
                .createSocket(raw, "127.0.1.1", EdgeFixture.TLS_PORT, true);
    s.setUseClientMode(true);
    var p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS"); // the proxy's certificate must name 127.0.1.1
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  private static String invite(String hostPort, String callId, String uri) {
    return "INVITE "
        + uri
        + " SIP/2.0\n"
        + "Via: SIP/2.0/TLS "
        + hostPort
        + ";branch=z9hG4bK-"
        + callId
        + "\nMax-Forwards: 70\n"
        + "From: <sip:alice@127.0.1.100>;tag=alice-"
        + callId
        + "\nTo: <sip:bob@127.0.1.1>\n"
        + "Call-ID: "
        + callId
        + "\nCSeq: 1 INVITE\n"
        + "Contact: <sip:alice@"
        + hostPort
        + ";transport=tls>\n"
        + "Content-Type: application/sdp\nContent-Length: ?\n\n"
        + Sdp.of("127.0.1.100", "alice", 26300, 26302, "sendrecv");
  }

  private static void send(TcpPeer peer, String template) throws Exception {
    peer.write(new String(TestUserAgent.parse(template).toBytes(), StandardCharsets.ISO_8859_1));
  }

  private static SipResponse readUntil(TcpPeer peer, int status) throws Exception {
    while (true) {
      SipMessage m = peer.read(WAIT);
      if (m instanceof SipResponse r && r.status() == status) {
        return r;
      }
    }
  }

  private static String inDialog(String method, SipResponse ok, String hostPort, int cseq)
      throws Exception {
    List<NameAddress> rr = ok.recordRoutes();
    StringBuilder sb = new StringBuilder(method + " " + ok.contacts().addresses().getFirst().uri());
    sb.append(" SIP/2.0\nVia: SIP/2.0/TLS ").append(hostPort);
    sb.append(";branch=z9hG4bK-tls-").append(method).append(cseq).append('\n');
    for (int i = rr.size() - 1; i >= 0; i--) {
      sb.append("Route: ").append(rr.get(i)).append('\n');
    }
    sb.append("Max-Forwards: 70\n");
    sb.append("From: ").append(ok.headerValue(HeaderName.FROM).orElseThrow()).append('\n');
    sb.append("To: ").append(ok.headerValue(HeaderName.TO).orElseThrow()).append('\n');
    sb.append("Call-ID: ").append(ok.callId()).append('\n');
    sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\nContent-Length: 0\n\n");
    return sb.toString();
  }

  @Test
  void aCallerOverTlsReachesAUdpGatewayAndHangsUpOnItsConnection() throws Exception {
    startProxy(ProxyFixture.DEFAULT_LIST);
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27300, 27302, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27300, 27302, "sendrecv")));
    SSLSocket socket = connect(cert[0], "127.0.1.100");
    X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
    assertThat(seen).isEqualTo(PemFiles.certificates(cert[0]).getFirst());
    try (TcpPeer caller = TcpPeer.over(socket)) {
      String hp = "127.0.1.100:" + socket.getLocalPort();
      send(caller, invite(hp, "tls-1", "sip:bob@127.0.1.1"));
      SipResponse ok = readUntil(caller, 200);
      TestUserAgent callee = gw1.count("INVITE") > 0 ? gw1 : gw2;
      SipRequest atGateway = callee.awaitRequest("tls-1", "INVITE", WAIT);
      assertThat(atGateway.headerValues(HeaderName.RECORD_ROUTE))
          .containsExactly(
              "<sip:127.0.2.1:25060;transport=udp;lr>", "<sip:127.0.1.1:25061;transport=tls;lr>");
      assertThat(ok.topVia().transport()).isEqualTo("TLS");
      send(caller, inDialog("ACK", ok, hp, 1));
      assertThat(callee.awaitRequest("tls-1", "ACK", WAIT)).isNotNull();
      send(caller, inDialog("BYE", ok, hp, 2));
      assertThat(callee.awaitRequest("tls-1", "BYE", WAIT)).isNotNull();
      assertThat(readUntil(caller, 200).cseq().method()).isEqualTo("BYE");
    }
    assertThat(fx.proxy.transport().tlsCounters().inboundHandshakes()).isEqualTo(1);
    assertThat(fx.proxy.transport().tlsCounters().inboundFailures()).isZero();
  }

  @Test
  void aClearTextPeerOnTheTlsPortFailsTheHandshakeAndIsCounted() throws Exception {
    startProxy(ProxyFixture.DEFAULT_LIST);
    try (TcpPeer plain = TcpPeer.connect("127.0.1.100", EdgeFixture.PUBLIC_TLS)) {
      plain.write("OPTIONS sip:127.0.1.1 SIP/2.0\r\n\r\n");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (fx.proxy.transport().tlsCounters().inboundFailures() == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(fx.proxy.transport().tlsCounters().inboundFailures()).isEqualTo(1);
    assertThat(fx.proxy.transport().counters().snapshot().requestsReceived()).isZero();
  }

  @Test
  void aReloadedCertificateServesNewHandshakesWhileOpenConnectionsGoOn() throws Exception {
    startProxy(ProxyFixture.DEFAULT_LIST);
    SSLSocket before = connect(cert[0], "127.0.1.100");
    X509Certificate first = PemFiles.certificates(cert[0]).getFirst();
    Path[] replaced = EdgeFixture.certificate(dir.resolve("a"), "isthmus test B");
    assertThat(fx.proxy.transport().reloadTls()).isEmpty();
    X509Certificate second = PemFiles.certificates(replaced[0]).getFirst();
    assertThat(second).isNotEqualTo(first);
    try (SSLSocket after = connect(replaced[0], "127.0.1.101")) {
      assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(second);
    }
    try (TcpPeer old = TcpPeer.over(before)) {
      String hp = "127.0.1.100:" + before.getLocalPort();
      send(
          old,
          "OPTIONS sip:127.0.1.1:25061;transport=tls SIP/2.0\nVia: SIP/2.0/TLS "
              + hp
              + ";branch=z9hG4bK-keep\nMax-Forwards: 70\nFrom: <sip:a@127.0.1.100>;tag=k\n"
              + "To: <sip:127.0.1.1>\nCall-ID: keep-1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
      assertThat(readUntil(old, 200).callId()).isEqualTo("keep-1");
      assertThat(old.localAddress().getPort()).isEqualTo(before.getLocalPort());
    }
  }

  /** A TLS server socket on {@code address}:25081 with a certificate of its own. */
  private SSLServerSocket tlsPeer(String address) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Path[] peerCert = EdgeFixture.certificate(dir.resolve("peer-" + address), "tls peer");
    ks.setKeyEntry(
        "peer",
        PemFiles.privateKey(peerCert[1]),
        new char[0],
        PemFiles.certificates(peerCert[0]).toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, new char[0]);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket)
            c.getServerSocketFactory().createServerSocket(25081, 4, InetAddress.ofLiteral(address));
    server.setSoTimeout((int) WAIT.toMillis());
    return server;
  }

  @Test
  void aTlsGatewayIsReachedOverAConnectionTheProxyOpens() throws Exception {
    try (SSLServerSocket server = tlsPeer("127.0.2.13")) {
      startProxy("1 sip:127.0.1.21:25080\n2 sip:127.0.2.13:25081;transport=tls\n");
      try (TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", UA_PORT)) {
        caller.send(
            Calls.invite(
                caller,
                "bob@127.0.1.1:25060",
                "to-tls-gw",
                Sdp.of("127.0.1.100", "alice", 26300, 26302, "sendrecv")),
            new InetSocketAddress("127.0.1.1", 25060));
        try (Socket accepted = server.accept();
            TcpPeer gw = TcpPeer.over(accepted)) {
          SipMessage m = gw.read(WAIT);
          assertThat(m).isInstanceOf(SipRequest.class);
          SipRequest invite = (SipRequest) m;
          assertThat(invite.topVia().transport()).isEqualTo("TLS");
          assertThat(invite.topVia().parameters().contains("alias")).isTrue();
          assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.2.1");
          byte[] busy =
              io.isthmus.sip.message.SipResponses.forRequest(invite, 486, "Busy Here", "gwtag")
                  .toBytes();
          OutputStream out = accepted.getOutputStream();
          out.write(busy);
          out.flush();
          assertThat(caller.awaitResponse("to-tls-gw", "INVITE", 486, WAIT)).isNotNull();
          SipMessage ack = gw.read(WAIT); // hop-by-hop ACK on the same connection
          assertThat(((SipRequest) ack).method().name()).isEqualTo("ACK");
        }
      }
    }
    assertThat(fx.proxy.transport().tlsCounters().outboundHandshakes()).isEqualTo(1);
  }

  @Test
  void aSipsRequestNeverLeavesInClear() throws Exception {
    startProxy(ProxyFixture.DEFAULT_LIST);
    try (TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", UA_PORT)) {
      String invite =
          Calls.invite(
                  caller,
                  "bob@127.0.1.1:25060",
                  "sips-1",
                  Sdp.of("127.0.1.100", "alice", 26300, 26302, "sendrecv"))
              .replaceFirst("INVITE sip:", "INVITE sips:");
      caller.send(invite, new InetSocketAddress("127.0.1.1", 25060));
      SipResponse r =
          (SipResponse) caller.await(x -> x instanceof SipResponse s && s.status() >= 400, WAIT);
      assertThat(r.status()).isGreaterThanOrEqualTo(500);
    }
    assertThat(gw1.count("INVITE") + gw2.count("INVITE")).isZero();
  }

  @Test
  void aSipsRouteEntryIsFollowedOnlyOverTls() throws Exception {
    startProxy(ProxyFixture.DEFAULT_LIST);
    // a UDP listener on the same address and port: nothing may reach it in clear
    try (SSLServerSocket server = tlsPeer("127.0.1.100");
        TestUserAgent clear = TestUserAgent.bind("clear", "127.0.1.100", 25081)) {
      // an initial non-INVITE request with a pre-loaded Route from a trusted source follows it
      String message =
          Calls.invite(gw1, "bob@127.0.1.100:25081", "sips-route", null)
              .replace("INVITE", "MESSAGE")
              .replace(
                  "Max-Forwards: 70\n", "Max-Forwards: 70\nRoute: <sips:127.0.1.100:25081;lr>\n");
      gw1.send(message, new InetSocketAddress("127.0.2.1", 25060));
      try (Socket accepted = server.accept();
          TcpPeer peer = TcpPeer.over(accepted)) {
        SipRequest forwarded = (SipRequest) peer.read(WAIT);
        assertThat(forwarded.method().name()).isEqualTo("MESSAGE");
        assertThat(forwarded.topVia().transport()).isEqualTo("TLS");
        assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.1.1");
        OutputStream out = accepted.getOutputStream();
        out.write(
            io.isthmus.sip.message.SipResponses.forRequest(forwarded, 486, "Busy Here", "peer")
                .toBytes());
        out.flush();
        assertThat(gw1.awaitResponse("sips-route", "MESSAGE", 486, WAIT)).isNotNull();
      }
      assertThat(clear.received()).isEmpty();
    }
    assertThat(fx.proxy.transport().tlsCounters().outboundHandshakes()).isEqualTo(1);
  }
}
