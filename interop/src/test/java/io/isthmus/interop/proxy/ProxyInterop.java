package io.isthmus.interop.proxy;

import io.isthmus.interop.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Addresses and port plan of the proxy interop tests, apart from the other interop tests' ports
 * (27060-27062, 27100-27250, 27501-27504, 24000-26999) so that any of them can run next to another.
 * Everything stays on 127.0.0.0/8 and below Linux' ephemeral range (32768+).
 */
final class ProxyInterop {
  private ProxyInterop() {}

  /** The proxy's SIP port on 127.0.1.1 and 127.0.2.1. */
  static final int PROXY_SIP = 27080;

  /** SIP port of every gateway (sipp UAS or a silent socket) on 127.0.x.11 and 127.0.x.12. */
  static final int GATEWAY_SIP = 27070;

  /** The gateways' echo port (sipp -rtp_echo): audio here, video two above. */
  static final int GATEWAY_MEDIA = 27090;

  /** SIP port of the callers on 127.0.1.100 and 127.0.2.100. */
  static final int CALLER_SIP = 27081;

  /** The callers' own media port in sipp (bound by sipp, unused: the test sends the RTP). */
  static final int CALLER_SIPP_MEDIA = 27094;

  /** The test's RTP endpoint of each caller: audio, and the video port its SDP announces. */
  static final int CALLER_RTP = 27084;

  static final int CALLER_VIDEO = 27086;

  /** NG socket of the in-process relay (open beside the in-process binding). */
  static final int ISTHMUS_NG = 27505;

  static final int ISTHMUS_PORT_MIN = 28000;
  static final int ISTHMUS_PORT_MAX = 28999;

  /** The Debian rtpengine the proxy drives over NG. */
  static final int RTPENGINE_NG = 27506;

  static final int RTPENGINE_PORT_MIN = 29000;
  static final int RTPENGINE_PORT_MAX = 29999;

  static final String PUBLIC_GATEWAY_1 = "127.0.1.11";
  static final String PUBLIC_GATEWAY_2 = "127.0.1.12";
  static final String PRIVATE_GATEWAY_1 = "127.0.2.11";
  static final String PRIVATE_GATEWAY_2 = "127.0.2.12";

  /**
   * An empty directory target/interop/proxy/{@code name} for one test: files of an earlier run
   * (sipp's message traces above all) must not be read as this run's.
   */
  static Path freshDir(String name) throws IOException {
    Path dir = Interop.workDir().resolve("proxy").resolve(name);
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /** One side of the host: its caller's address and the proxy/relay address it must see. */
  enum Side {
    PUBLIC(Interop.PUBLIC_PARTY, Interop.PUBLIC_IF, PUBLIC_GATEWAY_1, PUBLIC_GATEWAY_2),
    PRIVATE(Interop.PRIVATE_PARTY, Interop.PRIVATE_IF, PRIVATE_GATEWAY_1, PRIVATE_GATEWAY_2);

    final String caller;
    final String proxy;
    final String gateway1;
    final String gateway2;

    Side(String caller, String proxy, String gateway1, String gateway2) {
      this.caller = caller;
      this.proxy = proxy;
      this.gateway1 = gateway1;
      this.gateway2 = gateway2;
    }

    Side other() {
      return this == PUBLIC ? PRIVATE : PUBLIC;
    }

    /** The proxy's (and relay's) address on this side as an extended regular expression. */
    String proxyRegex() {
      return proxy.replace(".", "\\.");
    }
  }
}
