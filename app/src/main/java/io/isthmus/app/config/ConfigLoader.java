package io.isthmus.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads and validates an Isthmus config file: YAML syntax, then every section bound to its record
 * (unknown keys, types, ranges, required keys), then the checks across sections, then a trial build
 * of every component's settings. All errors are collected; a config is returned only when there is
 * none.
 */
public final class ConfigLoader {
  private final LocalAddresses local;

  /** A loader that checks addresses against {@code local}. */
  public ConfigLoader(LocalAddresses local) {
    this.local = local;
  }

  /** A loader that checks addresses against this host's interfaces. */
  public static ConfigLoader forThisHost() {
    return new ConfigLoader(LocalAddresses.system());
  }

  /** Reads {@code file} with this host's addresses. */
  public static ConfigResult load(Path file) {
    return forThisHost().read(file);
  }

  /** Reads and validates {@code file}; a list file it names is read relative to its directory. */
  public ConfigResult read(Path file) {
    String name = String.valueOf(file.getFileName());
    Errors errors = new Errors(name);
    String text;
    try {
      // A strict decoder: a Latin-1 file would otherwise turn into replacement characters.
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      errors.add(1, "", "the config file does not exist (expected " + file + ")");
      return new ConfigResult.Invalid(errors.sorted());
    } catch (CharacterCodingException e) {
      errors.add(1, "", "the file is not UTF-8 text (expected a UTF-8 YAML file)");
      return new ConfigResult.Invalid(errors.sorted());
    } catch (IOException e) {
      errors.add(1, "", "cannot read the config file: " + e.getMessage());
      return new ConfigResult.Invalid(errors.sorted());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(name, text, dir);
  }

  /** Validates config text named {@code name}; list files are resolved against {@code dir}. */
  public ConfigResult parse(String name, String text, Path dir) {
    Errors errors = new Errors(name);
    YamlNode root = YamlReader.read(text, errors);
    if (root == null) {
      return new ConfigResult.Invalid(errors.sorted());
    }
    SourceLines lines = new SourceLines();
    MappingReader top =
        MappingReader.of(errors, lines, "", root, "the sections networks, dispatcher, relay, ...");
    List<NetworkConfig> networks = NetworksReader.read(top, dir == null ? Path.of(".") : dir);
    DispatcherConfig dispatcher = DispatcherReader.read(top, dir);
    RelayConfigSection relay = RelayReader.read(top);
    SipConfig sip = OtherSectionsReader.sip(top);
    AdminConfig admin = OtherSectionsReader.admin(top, dir == null ? Path.of(".") : dir);
    LoggingConfig logging = OtherSectionsReader.logging(top);
    HepConfig hep = HepReader.read(top, networks);
    HaConfig ha = HaReader.read(top);
    top.finish();
    new ConfigValidator(errors, lines, local).validate(networks, dispatcher, relay, admin);
    if (!errors.isEmpty()) {
      return new ConfigResult.Invalid(errors.sorted());
    }
    IsthmusConfig config =
        new IsthmusConfig(name, networks, dispatcher, relay, sip, admin, logging, hep, ha);
    trialBuild(config, errors);
    return errors.isEmpty()
        ? new ConfigResult.Valid(config)
        : new ConfigResult.Invalid(errors.sorted());
  }

  /**
   * Builds every component's settings once: their constructors hold the components' own rules, and
   * a valid config must never fail later, when the proxy or the relay is being wired or reloaded.
   */
  private static void trialBuild(IsthmusConfig config, Errors errors) {
    build(errors, IsthmusConfig.KEY_NETWORKS, config::proxyNetworks);
    build(errors, IsthmusConfig.KEY_RELAY, config::relayConfig);
    build(errors, IsthmusConfig.KEY_RELAY, config.relay()::ngServerConfig);
    build(errors, IsthmusConfig.KEY_RELAY, config.relay()::controlConfig);
    build(errors, IsthmusConfig.KEY_RELAY, config::ngClientConfigs);
    build(errors, IsthmusConfig.KEY_DISPATCHER, config.dispatcher()::settings);
    build(errors, IsthmusConfig.KEY_DISPATCHER, config.dispatcher().probing()::probeSettings);
    build(errors, IsthmusConfig.KEY_DISPATCHER, config.dispatcher().probing()::healthSettings);
    build(errors, IsthmusConfig.KEY_SIP, config::transactionConfig);
    build(errors, IsthmusConfig.KEY_SIP, config::transportConfig);
  }

  private static void build(Errors errors, String section, Supplier<?> step) {
    try {
      step.get();
    } catch (IllegalArgumentException e) {
      errors.add(1, section, e.getMessage());
    }
  }
}
