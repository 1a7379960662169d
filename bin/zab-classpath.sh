# Sourced by bin/zab-server and bin/zab-cli: builds zab/ if needed and sets ZAB_CP.
build="${ZAB_BUILD:-target}"
stamp="$root/zab/$build/classpath.txt"
if [ ! -f "$stamp" ] || [ ! -d "$root/zab/$build/classes" ] || \
   [ -n "$(find "$root/zab/src/main" "$root/zab/pom.xml" "$root/protocols/src/main" "$root/protocols/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "$(basename "$0"): building zab (mvn -pl zab -am package)..." >&2
  if ! (cd "$root" && mvn -q -B -pl zab -am -Dzab.build="$build" -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile="$build/classpath.txt" -Dmdep.includeScope=runtime >"$root/zab/$build-build.log" 2>&1); then
    cat "$root/zab/$build-build.log" >&2
    echo "$(basename "$0"): build failed (log above)" >&2
    exit 2
  fi
  rm -f "$root/zab/$build-build.log"
  # the dependency plugin leaves an unchanged classpath file untouched: without this the stamp stays
  # older than the sources and every start rebuilds (three servers started at once then race in target/)
  touch "$stamp"
fi
ZAB_CP="$root/zab/$build/classes:$(cat "$stamp")"
export ZAB_CP
