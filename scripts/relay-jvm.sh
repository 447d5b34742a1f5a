# Sourced by the launcher (./isthmus) for `isthmus relay`, and by scripts/relay-bench, which runs the
# relay through the launcher: the JVM options of the standalone media relay, chosen on relay-bench
# figures (media/README.md, "Performance"). `isthmus run` keeps the launcher's own options.
#
# ISTHMUS_RELAY_GC="..." replaces the GC and heap options below (for measuring another choice,
# e.g. ISTHMUS_RELAY_GC="-XX:+UseZGC -Xmx256m"); the rest stays.
isthmus_relay_gc_opts=(
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20
)
if [ -n "${ISTHMUS_RELAY_GC:-}" ]; then
  read -r -a isthmus_relay_gc_opts <<<"$ISTHMUS_RELAY_GC"
fi
isthmus_relay_java_opts=(
  --enable-native-access=ALL-UNNAMED
  -XX:+UseCompactObjectHeaders
  "${isthmus_relay_gc_opts[@]}"
)
