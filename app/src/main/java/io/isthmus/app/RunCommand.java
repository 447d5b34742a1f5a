package io.isthmus.app;

import io.isthmus.app.relay.RelayOptions;
import io.isthmus.app.relay.RelayRunner;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus run}: proxy and relay in one process on the reference scenario (the default job).
 * Until the proxy is built it starts what exists, the relay, and says so.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run proxy and relay in one process on the reference scenario (the default job).")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The reference scenario's relay: public/127.0.1.1, private/127.0.2.1, NG on 127.0.0.1:22222. */
  static RelayOptions.Settings referenceRelay() {
    RelayConfig relay =
        RelayConfig.defaults(
            List.of(
                LogicalInterface.parse("public/127.0.1.1"),
                LogicalInterface.parse("private/127.0.2.1")));
    return new RelayOptions.Settings(
        relay, ControlConfig.defaults(), RelayOptions.DEFAULT_LISTEN_NG, null, 6, List.of());
  }

  @Override
  public Integer call() throws Exception {
    Roadmap.report(spec.commandLine().getOut(), "run");
    spec.commandLine()
        .getOut()
        .println(
            "isthmus run: starting the relay on the reference scenario (NG on 127.0.0.1:22222);"
                + " the SIP proxy is not built yet, so no SIP socket is opened. Ctrl-C stops.");
    spec.commandLine().getOut().flush();
    return Foreground.runUntilSignal(() -> RelayRunner.start(referenceRelay()));
  }
}
