package io.isthmus.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesFileTest {

  @Test
  void readsPlotsPointsAndRepetitionsInFileOrder() {
    SeriesFile f =
        SeriesFile.parse(
            List.of(
                "# a comment",
                "title\tRelay",
                "note\tfirst",
                SeriesFile.plot("cpu", "CPU", "pps", "us", false),
                SeriesFile.plot("p99", "p99", "pps", "us", true),
                "",
                SeriesFile.point("cpu", "isthmus", 50000, 8.5),
                SeriesFile.point("cpu", "rtpengine", 50000, 10),
                SeriesFile.point("cpu", "isthmus", 50000, 9.5),
                SeriesFile.point("p99", "isthmus", 50000, Double.NaN)),
            "t.tsv");
    assertThat(f.title()).isEqualTo("Relay");
    assertThat(f.notes()).containsExactly("first");
    assertThat(f.plots()).extracting(SeriesFile.Plot::id).containsExactly("cpu", "p99");
    SeriesFile.Plot cpu = f.plots().getFirst();
    assertThat(cpu.points().keySet()).containsExactly("isthmus", "rtpengine");
    assertThat(cpu.points().get("isthmus")).hasSize(2);
    assertThat(f.plots().get(1).logarithmic()).isTrue();
    assertThat(f.plots().get(1).points()).isEmpty(); // NaN skipped
  }

  @Test
  void namesTheLineOfAMalformedRecord() {
    assertThatThrownBy(
            () ->
                SeriesFile.parse(
                    List.of(SeriesFile.plot("cpu", "CPU", "x", "y", false), "point\tcpu\ta\t1\tz"),
                    "r.tsv"))
        .hasMessage("r.tsv:2: not a number: z");
    assertThatThrownBy(() -> SeriesFile.parse(List.of("point\tcpu\ta\t1\t2"), "r.tsv"))
        .hasMessage("r.tsv:1: point before its plot line: cpu");
    assertThatThrownBy(() -> SeriesFile.parse(List.of("bogus\t1"), "r.tsv"))
        .hasMessage("r.tsv:1: unknown record bogus");
  }

  @Test
  void reportHasOneChartPerPlotWithPointsAndEscapesText() throws Exception {
    SeriesFile f =
        SeriesFile.parse(
            List.of(
                "title\tA <b> & c",
                SeriesFile.plot("cpu", "CPU", "pps", "us", false),
                SeriesFile.plot("empty", "Empty", "pps", "us", false),
                SeriesFile.point("cpu", "isthmus", 1, 2)),
            "t.tsv");
    String html = HtmlReport.html(f, "x < y");
    assertThat(html).contains("<h1>A &lt;b&gt; &amp; c</h1>", "<pre>x &lt; y</pre>");
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(2);
  }

  @Test
  void medianOfRepetitions() {
    assertThat(HtmlReport.median(new double[] {1, 2, 9})).isEqualTo(2);
    assertThat(HtmlReport.median(new double[] {1, 3})).isEqualTo(2);
  }
}
