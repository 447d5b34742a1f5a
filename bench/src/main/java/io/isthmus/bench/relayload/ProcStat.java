package io.isthmus.bench.relayload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux reports about a process in {@code /proc}: CPU time (user + system, every thread,
 * including the kernel work done in its system calls) and resident memory.
 *
 * <p>{@code /proc/<pid>/stat} counts in clock ticks ({@code USER_HZ}, 100 on every Linux
 * architecture we run on: {@code sysconf(_SC_CLK_TCK)}), so a 20 s window at 50% CPU is measured to
 * about 0.1%.
 */
final class ProcStat {
  /** USER_HZ; fixed at 100 by the kernel ABI on x86-64 and arm64. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** utime + stime of {@code pid} in nanoseconds. */
  static long cpuNanos(long pid) {
    return userNanos(pid) + systemNanos(pid);
  }

  /** utime of {@code pid}: time in user mode (for a JVM: Java code, JIT, GC, JNI glue). */
  static long userNanos(long pid) {
    return statField(pid, 14) * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** stime of {@code pid}: time in the kernel on its behalf (system calls, the UDP stack). */
  static long systemNanos(long pid) {
    return statField(pid, 15) * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** Field {@code n} (1-based, as in proc(5)) of {@code /proc/<pid>/stat}, for n >= 3. */
  private static long statField(long pid, int n) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // Field 2 (comm) is in parentheses and may contain spaces: count fields after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[n - 3]);
  }

  /**
   * Time on CPU of every live thread of {@code pid} in nanoseconds ({@code
   * /proc/<pid>/task/<tid>/schedstat}, first field): nanosecond resolution where {@code stat}'s
   * ticks give 10 ms, for an idle process's few ms per second. Threads that ended meanwhile are not
   * counted.
   */
  static long threadsOnCpuNanos(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
        } catch (IOException e) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sum;
  }

  /** VmRSS of {@code pid} in KiB. */
  static long rssKib(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /**
   * CPU time of the whole machine, busy (everything but idle and iowait) in nanoseconds, from the
   * first line of {@code /proc/stat}: tells how much else was running during a window.
   */
  static long machineBusyNanos() {
    String first = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
    String[] f = first.trim().split("\\s+");
    long busy = 0;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest is inside user.
    for (int i = 1; i <= 8; i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy * (1_000_000_000L / TICKS_PER_SECOND);
  }

  static boolean alive(long pid) {
    return Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
