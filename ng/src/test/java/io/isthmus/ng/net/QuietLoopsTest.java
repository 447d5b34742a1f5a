package io.isthmus.ng.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Counts an idle loop's wake-ups (voluntary context switches of its thread, from /proc) over a
 * window: Netty's one-a-second without the placeholder, none with it. Linux only, as the relay.
 */
class QuietLoopsTest {
  private static final long WINDOW_MS = 3_500;

  @Test
  void anIdleLoopWakesOnceASecondWithoutThePlaceholderAndNotAtAllWithIt() throws Exception {
    assertThat(wakeUps("quiet-off", false)).isGreaterThanOrEqualTo(3);
    assertThat(wakeUps("quiet-on", true)).isLessThanOrEqualTo(1);
  }

  private static long wakeUps(String name, boolean quiet) throws Exception {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory(name, true),
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    try {
      if (quiet) {
        QuietLoops.keepAsleep(group);
      }
      group.submit(() -> {}).get(5, TimeUnit.SECONDS);
      Thread.sleep(200); // past the start-up's own wake-ups
      Path task = taskOf(name);
      long before = switches(task);
      Thread.sleep(WINDOW_MS);
      return switches(task) - before;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** The /proc task of the loop's thread (its comm is the thread name, cut to 15 characters). */
  private static Path taskOf(String name) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks
          .filter(t -> comm(t).startsWith(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no thread named " + name));
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static long switches(Path task) throws IOException {
    for (String line : Files.readAllLines(task.resolve("status"))) {
      if (line.startsWith("voluntary_ctxt_switches:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new AssertionError("no voluntary_ctxt_switches in " + task);
  }
}
