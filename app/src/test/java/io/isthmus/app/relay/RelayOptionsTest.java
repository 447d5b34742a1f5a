package io.isthmus.app.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.media.control.LoadLimits;
import io.isthmus.media.net.LogicalInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RelayOptionsTest {
  @TempDir Path dir;

  private static RelayOptions parse(String... args) {
    RelayOptions options = new RelayOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void takesRtpenginesCommandLine() throws Exception {
    var s =
        parse(
                "--interface=public/127.0.1.1",
                "--interface=private/127.0.2.1",
                "--listen-ng=127.0.0.1:22299",
                "--port-min=40000",
                "--port-max=40999",
                "--timeout=30",
                "--silent-timeout=600",
                "--final-timeout=10800",
                "--offer-timeout=120",
                "--delete-delay=0",
                "--table=-1",
                "--foreground",
                "--no-redis-required")
            .resolve();

    assertThat(s.relay().interfaces())
        .extracting(LogicalInterface::toSpec)
        .containsExactly("public/127.0.1.1", "private/127.0.2.1");
    assertThat(s.listenNg().getPort()).isEqualTo(22299);
    assertThat(s.relay().portMin()).isEqualTo(40000);
    assertThat(s.relay().portMax()).isEqualTo(40999);
    assertThat(s.relay().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.relay().silentTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(s.relay().finalTimeout()).isEqualTo(Duration.ofSeconds(10800));
    assertThat(s.relay().offerTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(s.control().deleteDelay()).isZero();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void takesRtpenginesLoadLimitsFromTheCommandLineAndTheConfigFile() throws Exception {
    var cli =
        parse(
                "-i",
                "127.0.1.1",
                "--max-sessions=0",
                "--max-load=2.5",
                "--max-cpu=80",
                "--max-bandwidth=1000000")
            .resolve();
    assertThat(cli.control().limits()).isEqualTo(new LoadLimits(0, 2.5, 80, 1_000_000));
    assertThat(parse("-i", "127.0.1.1").resolve().control().limits()).isEqualTo(LoadLimits.NONE);

    Path conf =
        Files.writeString(
            dir.resolve("limits.conf"),
            """
            [rtpengine]
            interface = 127.0.1.1
            max-sessions = 500
            max-load = 4
            max-cpu = 95.5
            max-bandwidth = 20000000
            """);
    var file = parse("--config-file=" + conf).resolve();
    assertThat(file.control().limits()).isEqualTo(new LoadLimits(500, 4, 95.5, 20_000_000));
    assertThat(file.warnings()).isEmpty();
    assertThat(parse("--config-file=" + conf, "--max-sessions=-1").resolve().control().limits())
        .isEqualTo(new LoadLimits(-1, 4, 95.5, 20_000_000));

    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--max-cpu=101").resolve())
        .isInstanceOf(RelayOptionsException.class)
        .hasMessage("--max-cpu: 101.0 is out of range (expected 0-100)");
    Files.writeString(conf, "[rtpengine]\ninterface = 127.0.1.1\nmax-load = high\n");
    assertThatThrownBy(() -> parse("--config-file=" + conf).resolve())
        .hasMessage(conf + ":3: max-load: 'high' is not a number");
  }

  @Test
  void usesRtpenginesDefaultsAndOurNgSocket() throws Exception {
    var s = parse("-i", "127.0.1.1").resolve();

    assertThat(s.relay().interfaces().getFirst().name()).isEqualTo("default");
    assertThat(s.listenNg()).isEqualTo(RelayOptions.DEFAULT_LISTEN_NG);
    assertThat(s.relay().portMin()).isEqualTo(30000);
    assertThat(s.relay().portMax()).isEqualTo(39999);
    assertThat(s.relay().timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.control().deleteDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsTheConfigFileUnderTheCommandLineAndNamesUnsupportedKeysOnce() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("rtpengine.conf"),
            """
            [rtpengine]
            table = 0
            interface = public/127.0.1.1;private/127.0.2.1
            listen-ng = 127.0.0.1:2223
            port-min = 50000
            port-max = 50999
            timeout = 45
            recording-dir = /var/spool/rtpengine
            homer = 127.0.0.1:9060
            """);

    var s = parse("--config-file=" + conf, "--port-max=50099").resolve();

    assertThat(s.relay().interfaces()).hasSize(2);
    assertThat(s.listenNg().getPort()).isEqualTo(2223);
    assertThat(s.relay().portMin()).isEqualTo(50000);
    assertThat(s.relay().portMax()).isEqualTo(50099);
    assertThat(s.relay().timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.warnings())
        .containsExactly(
            conf + ": [rtpengine] keys not supported by Isthmus, ignored: homer, recording-dir",
            "table=0: Isthmus has no kernel forwarding; relaying in userspace");
  }

  @Test
  void readsAnotherSectionWhenAsked() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("rtpengine.conf"),
            "[rtpengine]\ninterface = 127.0.1.1\n[relay2]\ninterface = x/127.0.2.1\n");

    var s = parse("--config-file=" + conf, "--config-section=relay2").resolve();

    assertThat(s.relay().interfaces().getFirst().toSpec()).isEqualTo("x/127.0.2.1");
  }

  @Test
  void errorsNameTheFileLineAndKey() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("rtpengine.conf"), "[rtpengine]\ninterface = 127.0.1.1\nport-min = lots\n");

    assertThatThrownBy(() -> parse("--config-file=" + conf).resolve())
        .isInstanceOf(RelayOptionsException.class)
        .hasMessage(conf + ":3: port-min: 'lots' is not a whole number");
  }

  @Test
  void refusesBadValuesWithClearReasons() {
    assertThatThrownBy(() -> parse().resolve()).hasMessageStartingWith("no interface given");
    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--port-min=70000").resolve())
        .hasMessage("--port-min: 70000 is out of range (expected 1-65535)");
    assertThatThrownBy(
            () -> parse("-i", "127.0.1.1", "--port-min=5000", "--port-max=5000").resolve())
        .hasMessage("port-min 5000 and port-max 5000 leave no RTP/RTCP port pair");
    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--listen-ng=localhost:2222").resolve())
        .hasMessage("--listen-ng: 'localhost' is not an IP address (names are not resolved)");
    assertThatThrownBy(() -> parse("-i", "pub/not-an-address").resolve())
        .hasMessageStartingWith("--interface: ");
  }

  @Test
  void listenNgTakesAPortAloneAsRtpengineDoes() throws Exception {
    var s = parse("-i", "127.0.1.1", "-n", "2299").resolve();
    assertThat(s.listenNg().getHostString()).isEqualTo("127.0.0.1");
    assertThat(s.listenNg().getPort()).isEqualTo(2299);
  }

  @Test
  void takesRtpenginesRedisOptionsForHa() throws Exception {
    var s =
        parse(
                "-i",
                "127.0.1.1",
                "--redis=secret@127.0.0.1:6390/2",
                "--redis-write=127.0.0.1:6391/2",
                "--redis-num-threads=3",
                "--redis-expires=600",
                "--redis-cmd-timeout=250",
                "--redis-heartbeat=2000",
                "--no-redis-required")
            .resolve();
    var ha = s.ha();
    assertThat(ha.node()).isEqualTo("db2");
    assertThat(ha.read().uri().getPort()).isEqualTo(6390);
    assertThat(ha.read().toString()).isEqualTo("127.0.0.1:6390/2").doesNotContain("secret");
    assertThat(ha.write().uri().getPort()).isEqualTo(6391);
    assertThat(ha.writers()).isEqualTo(3);
    assertThat(ha.expires()).isEqualTo(Duration.ofSeconds(600));
    assertThat(ha.read().commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(ha.heartbeatTtl()).isEqualTo(Duration.ofMillis(2000));
    assertThat(ha.redisRequired()).isFalse();
    assertThat(ha.deleteDelay()).isEqualTo(s.control().deleteDelay());
    assertThat(parse("-i", "127.0.1.1").resolve().ha()).isNull();
    assertThat(parse("-i", "127.0.1.1", "--redis=127.0.0.1:6390").resolve().ha().redisRequired())
        .isTrue();
  }

  @Test
  void refusesRedisOptionsItDoesNotHonourWithTheReason() throws Exception {
    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--subscribe-keyspace=1").resolve())
        .isInstanceOf(RelayOptionsException.class)
        .hasMessageStartingWith("--subscribe-keyspace: not supported: a relay takes over only");
    assertThatThrownBy(
            () ->
                parse("-i", "127.0.1.1", "--redis=127.0.0.1:6390", "--redis-allowed-errors=5")
                    .resolve())
        .hasMessageStartingWith("--redis-allowed-errors: not supported");
    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--redis-num-threads=2").resolve())
        .hasMessage("--redis-num-threads: needs --redis (the Redis this relay reads)");
    assertThatThrownBy(() -> parse("-i", "127.0.1.1", "--redis=nowhere").resolve())
        .hasMessageStartingWith("--redis: redis address needs HOST:PORT");
    Path conf =
        Files.writeString(
            dir.resolve("redis.conf"),
            """
            [rtpengine]
            interface = 127.0.1.1
            redis = 127.0.0.1:6390/1
            redis-disable-time = 10
            """);
    assertThatThrownBy(() -> parse("--config-file=" + conf).resolve())
        .hasMessageStartingWith(conf + ":4: redis-disable-time: not supported");
  }
}
