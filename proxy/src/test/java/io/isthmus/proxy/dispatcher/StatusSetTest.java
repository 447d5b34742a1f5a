package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusSetTest {

  @Test
  void parsesKamailioPingReplyCodes() {
    StatusSet s = StatusSet.parse("class=2;code=403;code=488;class=3");

    assertThat(s.contains(200)).isTrue();
    assertThat(s.contains(299)).isTrue();
    assertThat(s.contains(302)).isTrue();
    assertThat(s.contains(403)).isTrue();
    assertThat(s.contains(488)).isTrue();
    assertThat(s.contains(404)).isFalse();
    assertThat(s.contains(500)).isFalse();
    assertThat(s).hasToString("class=2;class=3;code=403;code=488");
  }

  @Test
  void emptyTextIsTheEmptySet() {
    assertThat(StatusSet.parse("")).isEqualTo(StatusSet.NONE);
    assertThat(StatusSet.NONE.contains(200)).isFalse();
  }

  @Test
  void rejectsMalformedEntriesWithTheOffendingPart() {
    assertThatThrownBy(() -> StatusSet.parse("class=2;cod=403"))
        .hasMessage("'cod=403' in 'class=2;cod=403' is not class=N or code=NNN");
    assertThatThrownBy(() -> StatusSet.parse("class=9"))
        .hasMessage("status class 9 is not in 1..6");
    assertThatThrownBy(() -> StatusSet.parse("code=99"))
        .hasMessage("status code 99 is not in 100..699");
  }
}
