# Sourced by every script: exports JAVA_HOME pointing at a JDK 25 or newer, and puts it first on PATH.
# Order: JAVA_HOME if it is 25+, then the newest JDK 25+ under /usr/lib/jvm.

isthmus_java_major() {
  # Prints the feature release of the java binary $1 (17, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

isthmus_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(isthmus_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(isthmus_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "isthmus: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm)." >&2
    echo "isthmus: install one, e.g. 'apt-get install temurin-25-jdk' from the Adoptium repository," >&2
    echo "isthmus: or set JAVA_HOME to a JDK 25+ installation." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
