package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHolderTest {
  @TempDir Path dir;
  private Path file;
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  static String config(String privateSet, String algorithm) {
    return """
        networks:
          public:
            sip: [{address: 127.0.1.1}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: 127.0.2.1}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: %s
        dispatcher:
          sets:
            1: [sip:127.0.1.11]
            2: [sip:127.0.2.11]
            3: [sip:127.0.2.13]
          algorithm: %s
        """
        .formatted(privateSet, algorithm);
  }

  private ConfigHolder holderWith(String text) throws IOException {
    Files.writeString(file, text);
    return new ConfigHolder(loader, ((ConfigResult.Valid) loader.read(file)).config());
  }

  @BeforeEach
  void setUp() {
    file = dir.resolve("isthmus.yaml");
  }

  @Test
  void badReloadKeepsTheRunningConfigAndReportsEveryError() throws IOException {
    ConfigHolder holder = holderWith(config("2", "round-robin"));
    IsthmusConfig running = holder.current();
    List<IsthmusConfig> notified = new ArrayList<>();
    holder.addListener((previous, current) -> notified.add(current));

    Files.writeString(file, config("9", "fastest"));
    ConfigResult result = holder.reload(file);

    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    assertThat(((ConfigResult.Invalid) result).errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "isthmus.yaml:11: networks.private.gateway-set: set 9 does not exist in the dispatcher"
                + " (expected one of the sets: 1, 2, 3)",
            "isthmus.yaml:17: dispatcher.algorithm: fastest is not a dispatcher algorithm"
                + " (expected one of: hash-call-id, hash-from-uri, hash-to-uri, hash-auth-user,"
                + " round-robin, priority, weight, call-load; or Kamailio's number 0, 1, 2, 4, 5,"
                + " 8, 9, 10)");
    assertThat(holder.current()).isSameAs(running);
    assertThat(notified).isEmpty();
  }

  @Test
  void goodReloadSwapsAndTellsListenersOldAndNew() throws IOException {
    ConfigHolder holder = holderWith(config("2", "round-robin"));
    IsthmusConfig running = holder.current();
    List<List<IsthmusConfig>> notified = new ArrayList<>();
    holder.addListener((previous, current) -> notified.add(List.of(previous, current)));

    Files.writeString(file, config("3", "priority"));
    ConfigResult result = holder.reload(file);

    assertThat(result).isInstanceOf(ConfigResult.Valid.class);
    IsthmusConfig next = holder.current();
    assertThat(next).isSameAs(((ConfigResult.Valid) result).config()).isNotSameAs(running);
    assertThat(next.network("private").orElseThrow().gatewaySet()).isEqualTo(3);
    assertThat(notified).containsExactly(List.of(running, next));
  }

  @Test
  void reloadOfAMissingFileKeepsTheRunningConfig() throws IOException {
    ConfigHolder holder = holderWith(config("2", "round-robin"));
    IsthmusConfig running = holder.current();
    Files.delete(file);

    ConfigResult result = holder.reload(file);

    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    assertThat(((ConfigResult.Invalid) result).errors().getFirst().toString())
        .startsWith("isthmus.yaml:1: the config file does not exist");
    assertThat(holder.current()).isSameAs(running);
  }

  @Test
  void failingListenerDoesNotStopTheOthersAndIsRethrown() throws IOException {
    ConfigHolder holder = holderWith(config("2", "round-robin"));
    List<String> calls = new ArrayList<>();
    holder.addListener(
        (p, c) -> {
          calls.add("first");
          throw new IllegalStateException("listener broke");
        });
    holder.addListener((p, c) -> calls.add("second"));
    Files.writeString(file, config("3", "round-robin"));

    assertThatThrownBy(() -> holder.reload(file)).hasMessage("listener broke");

    assertThat(calls).containsExactly("first", "second");
    assertThat(holder.current().network("private").orElseThrow().gatewaySet()).isEqualTo(3);
  }
}
