# Sourced by ./mvnw and ./run-server: exports JAVA_HOME as a JDK 21 or newer.
#   1. $JAVA_HOME, if it is 21+;
#   2. otherwise the newest JDK 21+ under /usr/lib/jvm (Debian/Ubuntu layout) or
#      /Library/Java/JavaVirtualMachines (macOS);
#   3. otherwise it stops with a message saying what to install.

coffer_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

coffer_suitable_jdk() {
  [ -x "$1/bin/javac" ] && [ "$(coffer_java_major "$1")" -ge 21 ] 2>/dev/null
}

if [ -z "${JAVA_HOME:-}" ] || ! coffer_suitable_jdk "$JAVA_HOME"; then
  coffer_found=""
  coffer_best=0
  for coffer_candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$coffer_candidate" ] || continue
    if coffer_suitable_jdk "$coffer_candidate"; then
      coffer_major=$(coffer_java_major "$coffer_candidate")
      if [ "$coffer_major" -gt "$coffer_best" ]; then
        coffer_best=$coffer_major
        coffer_found=$coffer_candidate
      fi
    fi
  done
  if [ -z "$coffer_found" ]; then
    echo "Coffer needs a JDK 21 or newer. Install one and set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$coffer_found
fi
export JAVA_HOME
