# Sourced by the launcher (./isthmus) for `isthmus relay`, and by scripts/relay-bench, which runs the
# relay through the launcher: the JVM options of the standalone media relay, chosen on relay-bench
# figures (media/README.md, "Performance"). `isthmus run` keeps the launcher's own options.
#
# Serial GC with an 8 MiB young generation: the relay allocates nothing per packet, so collections
# come only from signalling (a young one every few hundred calls set up, median 3.2 ms). Against G1
# in the same quiet-slot runs: the same CPU per packet and tail within the noise, idle 1.2 vs
# 2.6-2.9 ms CPU/s, RSS before the sessions 120 vs 125-137 MB, 18 threads vs 24; ZGC doubled the RSS
# (~300 MB). A heap of 512 MiB holds some 80,000 sessions (~6 KiB of heap each).
#
# ISTHMUS_RELAY_GC="..." replaces the GC and heap options below (for measuring another choice,
# e.g. ISTHMUS_RELAY_GC="-XX:+UseZGC -Xmx256m"); the rest stays.
isthmus_relay_gc_opts=(
  -XX:+UseSerialGC -Xmn8m -Xms32m -Xmx512m
)
if [ -n "${ISTHMUS_RELAY_GC:-}" ]; then
  read -r -a isthmus_relay_gc_opts <<<"$ISTHMUS_RELAY_GC"
fi
# The JIT's compiler arenas are freed to malloc, which keeps them resident: 117-167 MiB of RSS
# before any call in three fresh relays. The warm-up trims the C heap once (RelayWarmUp) and the
# JVM every 5 s after (one wake-up per 5 s): 112-119 MiB, and 0.3-2.9 KiB of RSS per idle session
# at 1,000 and 1,500 in three relay-bench runs (media/README.md, "Memory and the first calls").
isthmus_relay_java_opts=(
  --enable-native-access=ALL-UNNAMED
  -XX:+UseCompactObjectHeaders
  -XX:TrimNativeHeapInterval=5000
  "${isthmus_relay_gc_opts[@]}"
)
