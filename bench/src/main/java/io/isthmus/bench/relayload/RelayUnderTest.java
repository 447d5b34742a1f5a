package io.isthmus.bench.relayload;

import io.isthmus.bench.harness.Args;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The Isthmus relay as the benchmark runs it, alone in its own JVM so that {@code /proc/<pid>}
 * shows its CPU time and memory only: the NG command layer and the engine with the reference
 * interfaces ({@code public/127.0.1.1}, {@code private/127.0.2.1}), native epoll, and no delete
 * delay (as rtpengine's {@code --delete-delay=0} in the same run). It runs until SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.relayload.RelayUnderTest \
 *   --ng 127.0.0.1:22300 --ports 50000-53999 --loops 2
 * </pre>
 *
 * {@code --loops} is the number of media event loops, the counterpart of rtpengine's {@code
 * --num-threads}; the NG server adds one more thread of its own, as rtpengine has its control
 * thread.
 */
public final class RelayUnderTest {
  private RelayUnderTest() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, List.of("ng", "ports", "loops", "public", "private"));
    String[] range = args.string("ports", "50000-53999").split("-");
    RelayConfig relay =
        RelayConfig.defaults(
                List.of(
                    LogicalInterface.parse("public/" + args.string("public", "127.0.1.1")),
                    LogicalInterface.parse("private/" + args.string("private", "127.0.2.1"))))
            .withPorts(Integer.parseInt(range[0]), Integer.parseInt(range[1]))
            .withEventLoops(args.integer("loops", 2), true);
    RelayCommandHandler handler =
        RelayCommandHandler.start(
            relay, ControlConfig.defaults().withDeleteDelay(Duration.ZERO), CallListener.none());
    NgServer server;
    try {
      server =
          NgServer.start(
              NgServerConfig.defaults().withBind(args.socket("ng", "127.0.0.1:22300")), handler);
    } catch (Exception | Error e) {
      handler.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      server.close();
                      handler.close();
                      stopped.countDown();
                    }));
    System.out.printf(
        "isthmus relay: pid %d, NG %s, %d event loop(s), transport %s, ports %d-%d%n",
        ProcessHandle.current().pid(),
        server.localAddress(),
        relay.eventLoops(),
        handler.relay().transportName(),
        relay.portMin(),
        relay.portMax());
    stopped.await();
  }
}
