package io.isthmus.bench.relayload;

/**
 * Resident memory of a relay holding idle calls (offer + answer, no media), measured on a freshly
 * started relay after a first batch of calls was set up (and timed) and deleted.
 *
 * @param engine "isthmus" or "rtpengine"
 * @param run which repetition of the benchmark
 * @param sessions idle calls held at the second measurement
 * @param rssBeforeKib VmRSS before the calls
 * @param rssAfterKib VmRSS with them
 * @param rssKibPerSession the difference per call
 * @param heapBeforeKib Java heap in use after a full GC, before (-1: not a JVM)
 * @param heapAfterKib the same with the calls
 * @param heapKibPerSession live heap per call (NaN: not a JVM)
 * @param freshCalls calls set up first, right after the relay answered its first ping
 * @param freshSetupMillis how long their set-up took (offer + answer each), with the generator's
 *     own NG client warmed first ({@link ClientWarmUp})
 * @param freshSetupCpuMillis the relay's CPU (all threads) in that time
 * @param idleCpuMsPerSecond the relay's CPU (all threads) per second of wall time while it holds no
 *     call, after the fresh calls were deleted: what an idle relay costs the machine
 */
record MemoryResult(
    String engine,
    int run,
    int sessions,
    long rssBeforeKib,
    long rssAfterKib,
    double rssKibPerSession,
    long heapBeforeKib,
    long heapAfterKib,
    double heapKibPerSession,
    int freshCalls,
    double freshSetupMillis,
    double freshSetupCpuMillis,
    double idleCpuMsPerSecond) {}
