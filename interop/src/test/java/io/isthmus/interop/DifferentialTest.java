package io.isthmus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.RtpengineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  private final List<Difference> seen = new ArrayList<>();
  private int scenariosCompared;
  private int scenariosIdentical;
  private int requests;
  private RtpengineProcess rtpengine;
  private NgEndpoint rtpengineNg;
  private IsthmusRelay isthmus;
  private ScenarioRunner.Engine reference;
  private ScenarioRunner.Engine candidate;

  @BeforeAll
  void startEngines() throws Exception {
    rtpengine =
        RtpengineProcess.start(
            Interop.workDir(),
            "rtpengine-differential",
            Interop.DIFF_RTPENGINE_NG,
            Interop.DIFF_RTPENGINE_MIN,
            Interop.DIFF_RTPENGINE_MAX);
    rtpengineNg = NgEndpoint.of(rtpengine.ng());
    reference =
        new ScenarioRunner.Engine(
            "rtpengine", rtpengineNg, rtpengine.portMin(), rtpengine.portMax());
    isthmus =
        IsthmusRelay.start(
            Interop.DIFF_ISTHMUS_NG, Interop.DIFF_ISTHMUS_MIN, Interop.DIFF_ISTHMUS_MAX);
    candidate =
        new ScenarioRunner.Engine("isthmus", isthmus.ng(), isthmus.portMin(), isthmus.portMax());
  }

  @AfterAll
  void stopEngines() {
    try {
      if (isthmus != null) {
        isthmus.close();
      }
    } finally {
      if (rtpengineNg != null) {
        rtpengineNg.close();
      }
      if (rtpengine != null) {
        rtpengine.close();
      }
    }
  }

  Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void isthmusRepliesMatchRtpengine(Scenario scenario) throws Exception {
    List<NormalizedReply> expected = ScenarioRunner.run(scenario, reference, nonce);
    List<NormalizedReply> actual = ScenarioRunner.run(scenario, candidate, nonce);
    List<Difference> differences = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      differences.addAll(
          ReplyDiff.compare(
              scenario.name(),
              i + 1,
              scenario.steps().get(i).compare(),
              expected.get(i),
              actual.get(i)));
    }
    synchronized (seen) {
      seen.addAll(differences);
      scenariosCompared++;
      requests += scenario.steps().size();
      if (differences.isEmpty()) {
        scenariosIdentical++;
      }
    }
    List<Difference> unlisted =
        differences.stream()
            .filter(d -> KnownDifferences.KNOWN_DIFFERENCES.stream().noneMatch(k -> k.matches(d)))
            .toList();
    if (!unlisted.isEmpty()) {
      String report = DiffReport.render(scenario, expected, actual, differences, unlisted);
      Path file = Interop.workDir().resolve("differences").resolve(scenario.name() + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, report);
      throw new AssertionError(report);
    }
  }

  /** Every listed difference still happens: the list must not outlive the reasons for it. */
  @AfterAll
  void everyKnownDifferenceIsStillObserved() throws java.io.IOException {
    // The figures of the run, for the notes: scenarios whose replies are identical to
    // rtpengine's (no difference at all, listed or not), and requests sent to each engine.
    Files.createDirectories(Interop.workDir());
    Files.writeString(
        Interop.workDir().resolve("differential-summary.txt"),
        "scenarios compared: "
            + scenariosCompared
            + "\nscenarios identical to rtpengine: "
            + scenariosIdentical
            + "\nrequests per engine: "
            + requests
            + "\ndifferences seen (all listed): "
            + seen.size()
            + "\nknown-difference entries: "
            + KnownDifferences.KNOWN_DIFFERENCES.size()
            + "\n");
    if (scenariosCompared < Scenarios.all().size()) {
      return; // a filtered run (-Dtest=...#...) cannot judge this
    }
    List<KnownDifference> stale =
        KnownDifferences.KNOWN_DIFFERENCES.stream()
            .filter(k -> seen.stream().noneMatch(k::matches))
            .toList();
    assertThat(stale).as("KNOWN_DIFFERENCES entries that no longer match anything").isEmpty();
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
