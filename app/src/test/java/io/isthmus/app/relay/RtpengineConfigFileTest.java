package io.isthmus.app.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RtpengineConfigFileTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("rtpengine.conf"), text);
  }

  @Test
  void readsOnlyTheWantedSectionWithLineNumbers() throws Exception {
    Path f =
        write(
            """
            # comment
            [rtpengine]
            table = -1
            interface = internal/127.0.2.1;external/127.0.1.1
            ; another comment

            [other]
            table = 5
            """);

    var entries = RtpengineConfigFile.read(f, "rtpengine");

    assertThat(entries.keySet()).containsExactly("table", "interface");
    assertThat(entries.get("interface").value()).isEqualTo("internal/127.0.2.1;external/127.0.1.1");
    assertThat(entries.get("interface").line()).isEqualTo(4);
  }

  @Test
  void theLastOfARepeatedKeyWins() throws Exception {
    Path f = write("[rtpengine]\nport-min = 1000\nport-min = 2000\n");
    assertThat(RtpengineConfigFile.read(f, "rtpengine").get("port-min").value()).isEqualTo("2000");
  }

  @Test
  void namesFileAndLineOfABrokenLine() throws Exception {
    Path f = write("[rtpengine]\ntable -1\n");
    assertThatThrownBy(() -> RtpengineConfigFile.read(f, "rtpengine"))
        .hasMessage(f + ":2: expected 'key = value', found: table -1");
  }

  @Test
  void refusesAKeyBeforeAnySection() throws Exception {
    Path f = write("table = -1\n[rtpengine]\n");
    assertThatThrownBy(() -> RtpengineConfigFile.read(f, "rtpengine"))
        .hasMessage(f + ":1: key outside of any [section]: table = -1");
  }

  @Test
  void saysWhenTheSectionIsMissing() throws Exception {
    Path f = write("[other]\na = b\n");
    assertThatThrownBy(() -> RtpengineConfigFile.read(f, "rtpengine"))
        .hasMessage(f + ": no [rtpengine] section");
  }

  @Test
  void saysWhenTheFileCannotBeRead() {
    Path missing = dir.resolve("missing.conf");
    assertThatThrownBy(() -> RtpengineConfigFile.read(missing, "rtpengine"))
        .hasMessageStartingWith(missing + ": cannot read the config file");
  }
}
