package io.isthmus.media.control;

import java.lang.management.ManagementFactory;

/**
 * Where the relay reads the host's load for rtpengine's {@code max-load} and {@code max-cpu}
 * limits. Tests inject one whose values they set; production reads the system's.
 */
public interface LoadSource {

  /** The 1-minute load average (as {@code getloadavg}), or a negative value if unknown. */
  double loadAverage();

  /**
   * System-wide CPU usage in percent (0-100) since the previous call, or a negative value if
   * unknown. Called every {@link LoadMonitor#LOAD_SAMPLE_NANOS}, as rtpengine samples {@code
   * /proc/stat}.
   */
  double cpuPercent();

  /** The JVM's view of the host: {@code getloadavg} and {@code /proc/stat} on Linux. */
  static LoadSource system() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return new LoadSource() {
      @Override
      public double loadAverage() {
        return os.getSystemLoadAverage();
      }

      @Override
      public double cpuPercent() {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
          double load = sun.getCpuLoad();
          return load < 0 ? -1 : load * 100;
        }
        return -1;
      }
    };
  }
}
