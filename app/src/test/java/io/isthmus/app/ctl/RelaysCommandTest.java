package io.isthmus.app.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctl relays} against the proxy alone with an NG node where nothing listens. */
class RelaysCommandTest {
  private static final String CONFIG =
      """
      networks:
        public:
          sip:
            - address: 127.0.1.1
              port: 26461
              transports: [udp]
          media: public/127.0.1.1
          sources: [127.0.1.0/24]
          gateway-set: 1
        private:
          sip:
            - address: 127.0.2.1
              port: 26461
              transports: [udp]
          media: private/127.0.2.1
          sources: [127.0.2.0/24]
          gateway-set: 2
      dispatcher:
        sets:
          1: [sip:127.0.1.11:26471]
          2: [sip:127.0.2.11:26471]
        probing:
          interval: 60s
      relay:
        control: ng
        nodes: [{address: 127.0.0.1:26424, weight: 2}]
        reconcile-interval: 100ms
      admin:
        listen: 127.0.0.1:26481
      """;

  @Test
  void relaysShowsTheDownNodeWithItsReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, CONFIG);
    IsthmusConfig config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    try (Product product = Product.start(config, Product.Roles.PROXY, file)) {
      String admin = product.admin().url();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (product.proxy().relayNodes().getFirst().up() && System.nanoTime() - deadline < 0) {
        Thread.sleep(10); // a poll under a deadline: the reconcile's first list meets ICMP
      }
      Ctl r = Ctl.run("relays", "--admin", admin);

      assertThat(r.exit()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0).split("\\s+"))
          .containsExactly("NODE", "WEIGHT", "STATE", "SINCE", "RTT", "CALLS", "ORPHANS", "REASON");
      assertThat(lines.get(1)).startsWith("/127.0.0.1:26424").contains(" down ");
      assertThat(lines.get(1)).contains("unreachable");
      assertThat(lines.getLast()).isEqualTo("calls ended by the relay: 0");
    }
  }
}
