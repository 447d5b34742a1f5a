package io.isthmus.bench.relayload;

/**
 * One load step of one engine, measured over the window.
 *
 * @param engine "isthmus" or "rtpengine"
 * @param run which repetition of the benchmark (1, 2, ...)
 * @param calls calls carrying media
 * @param offeredPps packets per second offered, both directions ({@code calls * 2 * 50})
 * @param windowSeconds length of the measuring window
 * @param sent probes sent in the window
 * @param received of those, probes the other party received (= packets relayed)
 * @param lossPercent {@code 100 * (sent - received) / sent}
 * @param reordered probes that arrived after a later one of the same stream
 * @param p50Micros one-way latency through the relay, median, microseconds
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros worst
 * @param relayCpuMicrosPerPacket relay process CPU (user + system, all threads) / packets relayed
 * @param relayCpuPercent relay process CPU as a percentage of one core
 * @param relayKernelPercent share of the relay's CPU spent in the kernel (stime / (utime + stime)):
 *     system calls and the UDP stack, as opposed to the relay's own code
 * @param generatorCpuPercent the load generator's own CPU, percentage of one core
 * @param otherCpuPercent everything else running on the machine meanwhile (other engineers' builds
 *     included), percentage of one core: the noise indicator
 * @param lateTicks 1 ms send ticks that started more than 1 ms late (generator saturated)
 * @param maxSendLagMicros worst tick lateness
 */
record StepResult(
    String engine,
    int run,
    int calls,
    long offeredPps,
    double windowSeconds,
    long sent,
    long received,
    double lossPercent,
    long reordered,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double relayCpuMicrosPerPacket,
    double relayCpuPercent,
    double relayKernelPercent,
    double generatorCpuPercent,
    double otherCpuPercent,
    long lateTicks,
    double maxSendLagMicros) {}
