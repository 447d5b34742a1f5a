package io.isthmus.app;

import io.isthmus.app.wiring.Product;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code isthmus proxy}: the SIP proxy alone, driving rtpengine-compatible relays over NG. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SIP proxy alone, driving external rtpengine-compatible relays over NG",
      "(relay.control: ng with relay.nodes in the config).",
      "Exit codes: 0 stopped by a signal, 1 invalid config or a socket that cannot be bound,"
          + " 2 usage error."
    })
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    return RunCommand.start(spec, config, Product.Roles.PROXY);
  }
}
