package io.isthmus.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus proxy}: Run the SIP proxy alone, driving an external rtpengine-compatible relay
 * over NG.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description =
        "Run the SIP proxy alone, driving an external rtpengine-compatible relay over NG.")
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Roadmap.report(spec.commandLine().getOut(), "proxy", Roadmap.PROXY);
  }
}
