package io.isthmus.app;

import io.isthmus.app.relay.RelayOptions;
import io.isthmus.app.relay.RelayOptionsException;
import io.isthmus.app.relay.RelayRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus relay}: the media relay alone, a drop-in replacement for rtpengine. Takes
 * rtpengine's option names and its config file; runs until SIGTERM or Ctrl-C, which delete every
 * call cleanly.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = {
      "Run the media relay alone: a drop-in replacement for rtpengine (NG protocol).",
      "Options carry rtpengine's names; --config-file reads an rtpengine.conf.",
      "Exit codes: 0 stopped by a signal, 1 invalid options or config file, 2 usage error."
    })
final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RelayOptions options;

  @Override
  public Integer call() throws Exception {
    RelayOptions.Settings settings;
    RelayOptions.OperatorListeners listeners;
    try {
      settings = options.resolve();
      listeners = options.resolveListeners();
    } catch (RelayOptionsException e) {
      spec.commandLine().getErr().println("isthmus relay: " + e.getMessage());
      return 1;
    }
    // The warm-up runs before the NG socket opens: no client sees the relay before it is warm.
    RelayRunner.warmUp(settings);
    return Foreground.runUntilSignal(() -> RelayRunner.start(settings, listeners));
  }
}
