package io.isthmus.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code isthmus relay}: Run the media relay alone: a drop-in replacement for rtpengine. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = "Run the media relay alone: a drop-in replacement for rtpengine.")
final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Roadmap.report(spec.commandLine().getOut(), "relay", Roadmap.RELAY);
  }
}
