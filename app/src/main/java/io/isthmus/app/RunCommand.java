package io.isthmus.app;

import io.isthmus.app.config.CallPaths;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.LogLevels;
import io.isthmus.app.wiring.Product;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus run}: proxy and relay in one process (the default job), on the shipped reference
 * scenario unless {@code --config} names another file.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run proxy and relay in one process (the default job).",
      "Exit codes: 0 stopped by a signal, 1 invalid config or a socket that cannot be bound,"
          + " 2 usage error."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    return start(spec, config, Product.Roles.PROXY_AND_RELAY);
  }

  /** Shared by run and proxy: load, print the call paths, start, wait for a signal. */
  static int start(CommandSpec spec, ConfigOption option, Product.Roles roles) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    IsthmusConfig config = option.load(spec.commandLine().getErr());
    if (config == null) {
      return 1;
    }
    LogLevels.apply(config.logging());
    out.println("isthmus " + spec.name() + ": " + option.path());
    CallPaths.describe(config).forEach(line -> out.println("  " + line));
    out.flush();
    Product product;
    try {
      product = Product.start(config, roles, option.path());
    } catch (Exception e) {
      spec.commandLine().getErr().println("isthmus " + spec.name() + ": cannot start: " + e);
      return 1;
    }
    out.println("admin: " + product.admin().url());
    out.println("isthmus " + spec.name() + ": ready; Ctrl-C or SIGTERM stops");
    out.flush();
    return Foreground.runUntilSignal(() -> product);
  }
}
