# Sourced by the launcher (./isthmus) for `isthmus relay`, and by scripts/relay-bench, which runs the
# relay through the launcher: the JVM options of the standalone media relay, chosen on relay-bench
# figures (media/README.md, "Performance"). `isthmus run` keeps the launcher's own options.
#
# Serial GC with an 8 MiB young generation: the relay allocates nothing per packet, so collections
# come only from signalling (a young one every few hundred calls set up, 2-8 ms on a loaded 2-core
# box) and no measuring window at 50k/75k pps saw one. Against G1 it commits ~35 MB less (no
# remembered sets or card tables; NMT 83 vs 118 MB at start) and runs 6 fewer threads; ZGC doubled
# the RSS (~300 MB). A heap of 512 MiB holds some 80,000 sessions (~6 KiB of heap each).
#
# ISTHMUS_RELAY_GC="..." replaces the GC and heap options below (for measuring another choice,
# e.g. ISTHMUS_RELAY_GC="-XX:+UseZGC -Xmx256m"); the rest stays.
isthmus_relay_gc_opts=(
  -XX:+UseSerialGC -Xmn8m -Xms32m -Xmx512m
)
if [ -n "${ISTHMUS_RELAY_GC:-}" ]; then
  read -r -a isthmus_relay_gc_opts <<<"$ISTHMUS_RELAY_GC"
fi
isthmus_relay_java_opts=(
  --enable-native-access=ALL-UNNAMED
  -XX:+UseCompactObjectHeaders
  "${isthmus_relay_gc_opts[@]}"
)
