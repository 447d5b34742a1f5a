package io.isthmus.app;

import io.isthmus.app.config.CallPaths;
import io.isthmus.app.config.ConfigError;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus check --config FILE}: validates a config file as a start would, and says in plain
 * words where calls will go. Changes nothing and binds nothing.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a config file and print the call paths it describes.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the config is valid",
      "1:the config is invalid (each error is printed), or a gateway's host name resolves to"
          + " nothing",
      "2:usage error"
    })
final class CheckCommand implements Callable<Integer> {
  /** Exit code of an invalid config. */
  static final int EXIT_INVALID = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML config file to check.")
  Path config;

  /**
   * Resolves every gateway known by host name as calls will (RFC 3263, the configured DNS servers)
   * and prints what each resolved to; returns how many resolved to nothing.
   */
  private static int resolveGateways(
      io.isthmus.app.config.IsthmusConfig config, PrintWriter out, PrintWriter err) {
    var settings = config.dispatcher().resolverSettings();
    if (settings.isEmpty()) {
      return 0;
    }
    var dns = settings.get();
    out.println(
        "DNS: "
            + (dns.servers().isEmpty()
                ? "the host's resolv.conf servers"
                : String.join(
                    ", ",
                    dns.servers().stream()
                        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                        .toList()))
            + ", timeout "
            + dns.timeout().toMillis()
            + " ms");
    int unresolved = 0;
    try (var loops = io.isthmus.proxy.transport.LoopGroup.start(1, true);
        var resolver = new io.isthmus.proxy.resolve.SipResolver(dns, loops)) {
      for (var gw : config.dispatcher().gateways().gateways()) {
        if (!io.isthmus.proxy.resolve.SipResolver.needsDns(gw.uri())) {
          continue;
        }
        java.util.List<io.isthmus.proxy.resolve.Target> targets;
        try {
          targets =
              resolver
                  .resolve(gw.uri())
                  .toCompletableFuture()
                  .get(
                      dns.timeout().toMillis() * 8 + 1000,
                      java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          targets = java.util.List.of();
        }
        if (targets.isEmpty()) {
          unresolved++;
          err.println("gateway " + gw.uri() + " (set " + gw.setId() + "): resolves to nothing");
        } else {
          out.println("gateway " + gw.uri() + " (set " + gw.setId() + ") resolves to:");
          for (var t : targets) {
            out.println("  " + t);
          }
        }
      }
    }
    out.flush();
    err.flush();
    return unresolved;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigResult result = ConfigLoader.load(config);
    switch (result) {
      case ConfigResult.Valid valid -> {
        out.println("config OK: " + config);
        CallPaths.describe(valid.config()).forEach(out::println);
        if (valid.config().ha().enabled()) {
          out.println(valid.config().ha().describe());
        }
        valid
            .config()
            .dispatcher()
            .gateways()
            .warnings()
            .forEach(w -> out.println("warning: " + w));
        out.flush();
        int unresolved = resolveGateways(valid.config(), out, err);
        if (unresolved > 0) {
          err.println(
              "gateways unusable: "
                  + unresolved
                  + (unresolved == 1 ? " host name resolves" : " host names resolve")
                  + " to nothing; every call to them would fail");
          err.flush();
          return EXIT_INVALID;
        }
        return 0;
      }
      case ConfigResult.Invalid invalid -> {
        for (ConfigError e : invalid.errors()) {
          err.println(e);
        }
        int n = invalid.errors().size();
        err.println("config invalid: " + config + " (" + n + (n == 1 ? " error)" : " errors)"));
        err.flush();
        return EXIT_INVALID;
      }
    }
  }
}
