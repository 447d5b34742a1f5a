package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopGroupTest {
  private final LoopGroup loops = LoopGroup.start(3, true);

  @AfterEach
  void close() {
    loops.close();
  }

  @Test
  void loopForIsStableForTheSameCallId() {
    String callId = "a84b4c76e66710@pc33.example.com";
    assertThat(loops.loopFor(callId)).isSameAs(loops.loopFor(new String(callId.toCharArray())));
  }

  @Test
  void loopForSpreadsCallsOverEveryLoop() {
    Set<Object> used = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      used.add(loops.loopFor("call-" + i + "@127.0.1.11"));
    }
    assertThat(used).hasSize(3);
  }

  @Test
  void loopForIsTheJlsStringHashOverTheLoops() {
    // the same rule as the media relay: both can agree on a call's owner
    String callId = "stable@127.0.2.11";
    assertThat(loops.loopFor(callId))
        .isSameAs(loops.loop(Math.floorMod(callId.hashCode(), loops.size())));
  }

  @Test
  void currentIsTheCallingLoopOrNull() throws Exception {
    assertThat(loops.current()).isNull();
    var loop = loops.loop(1);
    assertThat(loop.submit(() -> loops.current() == loop).get()).isTrue();
  }
}
