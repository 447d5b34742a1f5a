package io.isthmus.bench.proxyload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time (user + system, every thread) of processes and all their descendants, from {@code
 * /proc/<pid>/stat}. Kamailio does its work in forked children (SIP workers, timers), so its cost
 * is the sum over its process tree; a JVM or rtpengine is one process with many threads.
 *
 * <p>{@code /proc/<pid>/stat} counts in clock ticks ({@code USER_HZ}, 100 on x86-64 and arm64), so
 * a 20 s step is measured to 10 ms of CPU.
 */
final class ProcessTreeCpu {
  private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

  private ProcessTreeCpu() {}

  /** The roots and every process descending from them, by walking parent PIDs in /proc. */
  static Set<Long> tree(List<Long> roots) {
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        String[] f = fieldsAfterComm(pid);
        if (f != null) {
          // f[1] is field 4, the parent PID.
          children.computeIfAbsent(Long.parseLong(f[1]), k -> new java.util.ArrayList<>()).add(pid);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    Set<Long> tree = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      if (tree.add(pid)) {
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return tree;
  }

  /** utime + stime of the trees under {@code roots}, in nanoseconds. */
  static long cpuNanos(List<Long> roots) {
    long ticks = 0;
    for (long pid : tree(roots)) {
      String[] f = fieldsAfterComm(pid);
      if (f != null) {
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      }
    }
    return ticks * NANOS_PER_TICK;
  }

  /**
   * CPU time of this JVM's children that have exited and been waited for (cutime + cstime of
   * /proc/self/stat): a sipp run by a {@link Process} once it is over.
   */
  static long reapedChildrenNanos() {
    String[] f = fieldsAfterComm(ProcessHandle.current().pid());
    // f[13] is field 16 (cutime), f[14] field 17 (cstime).
    return f == null ? 0 : (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK;
  }

  /** Busy CPU time of the whole machine (all but idle and iowait), in nanoseconds. */
  static long machineBusyNanos() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/stat"))
              .lines()
              .findFirst()
              .orElseThrow()
              .trim()
              .split("\\s+");
      long busy = 0;
      // cpu user nice system idle iowait irq softirq steal ...; guest time is inside user.
      for (int i = 1; i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/stat", e);
    }
  }

  static boolean alive(long pid) {
    return Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /** The fields of /proc/PID/stat after the command name, or null if the process is gone. */
  private static String[] fieldsAfterComm(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null; // exited between listing and reading
    }
    // Field 2 (comm) is in parentheses and may hold spaces: split after the last ')'.
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }
}
