package io.isthmus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential NG test: the Debian rtpengine daemon (userspace, {@code --table=-1}) and the
 * Isthmus relay get the same request sequences ({@link Scenarios}); their normalised replies
 * ({@link ReplyNormalizer}) must agree except for the {@link KnownDifferences}. rtpengine's own
 * replies must also match the checked-in golden files ({@link GoldenFiles}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialTest {
  private final String nonce = Long.toHexString(System.nanoTime());
  private RtpengineProcess rtpengine;
  private ScenarioRunner.Engine reference;

  @BeforeAll
  void startEngines() throws Exception {
    rtpengine =
        RtpengineProcess.start(
            Interop.workDir(),
            "rtpengine-differential",
            Interop.DIFF_RTPENGINE_NG,
            Interop.DIFF_RTPENGINE_MIN,
            Interop.DIFF_RTPENGINE_MAX);
    reference =
        new ScenarioRunner.Engine(
            "rtpengine", rtpengine.ng(), rtpengine.portMin(), rtpengine.portMax());
  }

  @AfterAll
  void stopEngines() {
    if (rtpengine != null) {
      rtpengine.close();
    }
  }

  Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void rtpengineRepliesMatchGoldenFile(Scenario scenario) throws Exception {
    List<NormalizedReply> replies = ScenarioRunner.run(scenario, reference, nonce);
    String text = ScenarioRunner.render(scenario, replies);
    GoldenFiles.write(scenario.name(), text);
    if (GoldenFiles.updating()) {
      return;
    }
    String golden = GoldenFiles.read(scenario.name());
    assertThat(golden)
        .as(
            "golden file %s%s.txt (run once with -Dinterop.updateGolden=true to create it)",
            GoldenFiles.RESOURCE_DIR, scenario.name())
        .isNotNull();
    assertThat(text)
        .as(
            "rtpengine's normalised replies vs the golden file; rtpengine log:\n%s",
            rtpengine.logTail(20))
        .isEqualTo(golden);
  }
}
