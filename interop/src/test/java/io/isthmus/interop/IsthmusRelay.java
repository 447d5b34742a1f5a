package io.isthmus.interop;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The Isthmus relay in process, set up like {@link io.isthmus.testkit.RtpengineProcess}: interfaces
 * {@code public/127.0.1.1} and {@code private/127.0.2.1}, its own port range, delete delay 0, and
 * the NG server on 127.0.0.1. Tests talk to it over UDP through {@link NgEndpoint}, exactly as to
 * rtpengine.
 */
final class IsthmusRelay implements AutoCloseable {
  private final RelayCommandHandler handler;
  private final NgServer server;
  private final NgEndpoint ng;
  private final int portMin;
  private final int portMax;

  private IsthmusRelay(
      RelayCommandHandler handler, NgServer server, NgEndpoint ng, int portMin, int portMax) {
    this.handler = handler;
    this.server = server;
    this.ng = ng;
    this.portMin = portMin;
    this.portMax = portMax;
  }

  static IsthmusRelay start(int ngPort, int portMin, int portMax)
      throws IOException, InterruptedException {
    RelayConfig relayConfig =
        RelayConfig.defaults(
                List.of(
                    LogicalInterface.parse("public/" + Interop.PUBLIC_IF),
                    LogicalInterface.parse("private/" + Interop.PRIVATE_IF)))
            .withPorts(portMin, portMax);
    RelayCommandHandler handler =
        RelayCommandHandler.start(
            relayConfig,
            ControlConfig.defaults().withDeleteDelay(Duration.ZERO),
            CallListener.none());
    NgServer server = null;
    try {
      InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
      server = NgServer.start(NgServerConfig.defaults().withBind(bind), handler);
      NgEndpoint ng = NgEndpoint.of(bind);
      return new IsthmusRelay(handler, server, ng, portMin, portMax);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      handler.close();
      throw e;
    }
  }

  NgEndpoint ng() {
    return ng;
  }

  int portMin() {
    return portMin;
  }

  int portMax() {
    return portMax;
  }

  @Override
  public void close() {
    try {
      ng.close();
      server.close();
    } finally {
      handler.close();
    }
  }
}
