# Sourced by the launcher (./isthmus) for `isthmus relay`, and by scripts/relay-bench, which runs the
# relay through the launcher: the JVM options of the standalone media relay, chosen on relay-bench
# figures (media/README.md, "JVM"). `isthmus run` keeps the launcher's own options.
isthmus_relay_java_opts=(
  --enable-native-access=ALL-UNNAMED
  -XX:+UseCompactObjectHeaders
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20
)
