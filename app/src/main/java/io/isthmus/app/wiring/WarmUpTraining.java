package io.isthmus.app.wiring;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.common.time.Clock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.relay.CallListener;
import io.isthmus.proxy.transport.LoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the launcher's JDK AOT cache ({@code -XX:AOTCacheOutput}, JEP 483/514/515):
 * the relay and the event loops of {@code isthmus run}, then the {@link WarmUp} and nothing else,
 * so the cache holds the classes, linkage and method profiles of the call path. No real socket is
 * bound (the warm-up's own are ephemeral loopback ports): it can run beside a running Isthmus.
 *
 * <p>{@code java -XX:AOTCacheOutput=FILE -cp isthmus.jar io.isthmus.app.wiring.WarmUpTraining
 * CONFIG}; exit code 0 when the warm-up placed calls (a few failed ones do not spoil the profiles),
 * 1 otherwise.
 */
public final class WarmUpTraining {
  private WarmUpTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: WarmUpTraining CONFIG");
      System.exit(2);
    }
    IsthmusConfig config =
        switch (ConfigLoader.load(Path.of(args[0]))) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> {
            System.err.println("warm-up training: invalid config: " + i.errors());
            System.exit(1);
            yield null;
          }
        };
    WarmUp.Result result;
    try (RelayCommandHandler relay =
            RelayCommandHandler.start(
                config.relayConfig(), config.relay().controlConfig(), CallListener.none());
        LoopGroup loops = LoopGroup.start(Runtime.getRuntime().availableProcessors(), true)) {
      result =
          new WarmUp(WarmUp.Plan.DEFAULT, new WarmUp.Target(config, loops, relay), Clock.system())
              .run();
      result.drained().get(60, TimeUnit.SECONDS);
    }
    System.out.println(WarmUp.describe(result));
    System.exit(result.answered() > 0 ? 0 : 1);
  }
}
