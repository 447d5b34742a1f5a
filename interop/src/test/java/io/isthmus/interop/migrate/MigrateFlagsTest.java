package io.isthmus.interop.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.Isthmus;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.proxy.media.NetworkMedia;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code isthmus migrate} on a Kamailio config whose {@code rtpengine_manage()} strings differ per
 * direction ({@code migrate/kamailio-srtp.cfg}: RTP/AVP and codec flags on calls to the private
 * side, RTP/SAVP and rtcp-mux-offer on calls to the public side): the words every call has become
 * {@code relay.default-flags}, the words of the calls to one network become its {@code
 * media-protocol} and {@code relay-flags}, and the draft loads into exactly those settings.
 */
class MigrateFlagsTest {
  private static final Path WORK =
      Path.of(System.getProperty("interop.workDir", "target/interop")).resolve("migrate-flags");

  private static Path copy(String resource) throws Exception {
    Files.createDirectories(WORK);
    Path file = WORK.resolve(resource);
    try (var in = MigrateFlagsTest.class.getResourceAsStream("/migrate/" + resource)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void flagsThatDifferPerDirectionBecomeTheNetworksOwn() throws Exception {
    Path cfg = copy("kamailio-srtp.cfg");
    copy("dispatcher.list");
    Path conf = copy("rtpengine.conf");
    Path draft = WORK.resolve("isthmus.yaml");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Isthmus.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute("migrate", cfg.toString(), conf.toString(), "--output", draft.toString());
    assertThat(exit).as(err.toString()).isZero();
    String yaml = Files.readString(draft);
    assertThat(yaml)
        .contains(
            "    media-protocol: RTP/AVP   # the transport protocol of the rtpengine calls to private")
        .contains(
            "    relay-flags: \"codec-strip=all codec-offer=PCMU rtcp-mux-demux\"   # the flags only"
                + " the rtpengine calls to private have")
        .contains(
            "    media-protocol: RTP/SAVP   # the transport protocol of the rtpengine calls to public")
        .contains(
            "    relay-flags: \"rtcp-mux-offer\"   # the flags only the rtpengine calls to public have");
    assertThat(err.toString())
        .contains("flags per direction: the flags of calls to a network (its second direction=)")
        .doesNotContain("not mapped: kamailio-srtp.cfg:82: flag")
        .doesNotContain("not mapped: kamailio-srtp.cfg:88: flag");

    IsthmusConfig config =
        switch (ConfigLoader.load(draft)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors() + "\n" + yaml);
        };
    assertThat(config.relay().defaultFlags())
        .containsExactly(
            "trust-address", "replace-origin", "replace-session-connection", "ICE=remove");
    assertThat(config.network("private").orElseThrow().networkMedia(null))
        .isEqualTo(
            new NetworkMedia(
                List.of("codec-strip-all", "codec-offer-PCMU"),
                List.of(),
                "",
                List.of("demux"),
                "RTP/AVP",
                false));
    assertThat(config.network("public").orElseThrow().networkMedia(null))
        .isEqualTo(new NetworkMedia(List.of(), List.of(), "", List.of("offer"), "RTP/SAVP", false));
  }
}
