# Sourced by bin/zab-server and bin/zab-cli: builds zab/ if needed and sets ZAB_CP.
build="${ZAB_BUILD:-target}"
stamp="$root/zab/$build/classpath.txt"
if [ ! -f "$stamp" ] || [ ! -d "$root/zab/$build/classes" ] || \
   [ -n "$(find "$root/zab/src/main" "$root/zab/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "$(basename "$0"): building zab (mvn -o -pl zab package)..." >&2
  if ! (cd "$root" && mvn -q -B -o -pl zab -Dzab.build="$build" -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile="$build/classpath.txt" -Dmdep.includeScope=runtime >"$root/zab/$build-build.log" 2>&1); then
    cat "$root/zab/$build-build.log" >&2
    echo "$(basename "$0"): build failed (log above)" >&2
    exit 2
  fi
  rm -f "$root/zab/$build-build.log"
fi
ZAB_CP="$root/zab/$build/classes:$(cat "$stamp")"
# an SLF4J binding for the server's log lines, if one is in the local Maven repository
simple="$(ls "$HOME"/.m2/repository/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar 2>/dev/null || true)"
if [ -n "$simple" ]; then ZAB_CP="$ZAB_CP:$simple"; fi
export ZAB_CP
