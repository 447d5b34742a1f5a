package io.isthmus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  private final FakeClock clock = new FakeClock(0);
  private final List<String> ran = new ArrayList<>();

  @Test
  void runsDueTasksInOrderWithTheClockAtTheirDueTime() {
    clock.schedule(() -> ran.add("b@" + clock.nanos()), 200);
    clock.schedule(() -> ran.add("a@" + clock.nanos()), 100);
    clock.schedule(() -> ran.add("c@" + clock.nanos()), 300);

    clock.advanceNanos(250);

    assertThat(ran).containsExactly("a@100", "b@200");
    assertThat(clock.nanos()).isEqualTo(250);
    assertThat(clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  void tasksScheduledByTasksRunWithinTheSameAdvance() {
    clock.schedule(() -> clock.schedule(() -> ran.add("retransmit@" + clock.nanos()), 500), 500);

    clock.advance(Duration.ofNanos(1000));

    assertThat(ran).containsExactly("retransmit@1000");
  }

  @Test
  void cancelledTasksDoNotRun() {
    var handle = clock.schedule(() -> ran.add("timer B"), 10);
    handle.cancel();

    clock.advanceNanos(20);

    assertThat(ran).isEmpty();
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void tiesRunInSchedulingOrder() {
    clock.schedule(() -> ran.add("first"), 5);
    clock.schedule(() -> ran.add("second"), 5);

    clock.advanceNanos(5);

    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void refusesToGoBack() {
    assertThatThrownBy(() -> clock.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
