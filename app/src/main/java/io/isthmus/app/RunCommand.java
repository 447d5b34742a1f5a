package io.isthmus.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus run}: Run proxy and relay in one process on the reference scenario (the default
 * job).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run proxy and relay in one process on the reference scenario (the default job).")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Roadmap.report(spec.commandLine().getOut(), "run", Roadmap.PROXY, Roadmap.RELAY);
  }
}
