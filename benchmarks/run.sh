#!/usr/bin/env bash
# Builds the benchmark module, checks that every persistent configuration reads from its disk store
# (PersistenceCheck), runs JMH (Cachet normal/full/heap tier, Ehcache 3's disk tier behind a 10- and a
# 10,000-entry heap tier, Infinispan's file store, Caffeine, RI in one run; then the 1,000,000-entry fill with its
# own iteration counts), measures steady-state heap, and writes benchmarks/RESULTS.md and the README's performance
# table.
#
# Usage: benchmarks/run.sh [JMH options...]
#   JMH options default to JMH_OPTS (default: -f 2 -wi 2 -w 1s -i 3 -r 2s); a regex of benchmarks may be given
#   among them (default: all but FillBenchmark, which always runs apart, and the two studies PayloadDigestBenchmark
#   and InlineThresholdBenchmark, run by name). Environment:
#     JMH_OPTS       JMH options used when no arguments are given
#     FILL_OPTS      JMH options of the fill run (default: -f 2 -wi 0 -i 1: one fill per fork, whose first
#                    second or so runs before the JIT has compiled the put path); FILL_OPTS=skip skips it
#     HEAP_ENTRIES   entries of the steady-state heap measurement (default 1000000; 0 skips it)
#     HEAP_PROVIDERS providers measured for heap (default: cachet-normal cachet-full ehcache-disk caffeine ri;
#                    cachet-heap ehcache-heap infinispan may be added, at one 1,000,000-entry fill each)
#     HEAP_TIMEOUT   seconds allowed per provider to fill and measure (default 900)
#     SKIP_BUILD     1 to reuse target/classes and target/classpath.txt
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

if [ "$#" -gt 0 ]; then
  jmh_args=("$@")
else
  read -r -a jmh_args <<< "${JMH_OPTS:--f 2 -wi 2 -w 1s -i 3 -r 2s}"
fi
fill_opts=${FILL_OPTS:--f 2 -wi 0 -i 1}
heap_entries=${HEAP_ENTRIES:-1000000}
heap_providers=${HEAP_PROVIDERS:-cachet-normal cachet-full ehcache-disk caffeine ri}
heap_timeout=${HEAP_TIMEOUT:-900}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd .. && mvn -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt)
fi
cp="$here/target/classes:$(cat target/classpath.txt)"
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

rm -rf target/bench-roots target/jmh-main.json target/jmh-fill.json
mkdir -p target/bench-roots
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Before any time is measured: each persistent configuration returns evicted and reopened entries from its store.
"$java_bin" -cp "$cp" -Dbench.dir="$here/target/bench-roots" io.cachet.benchmarks.PersistenceCheck \
    2> target/persistence-check.err | tee target/persistence-check.txt

# The JMH run: one JSON (for the report) and one CSV, with every provider in the same run. The fill (single shot,
# seconds to minutes per iteration) runs after it with its own iteration counts, into a second JSON. Every fork
# gets a fixed, pre-touched heap: otherwise the first few hundred MiB a fork allocates pay the kernel's first-touch
# page faults (a 64 KiB value read took 170 µs instead of 10 for its first seconds), whichever provider it runs.
fork_args="-Dbench.dir=$here/target/bench-roots -Xms2g -Xmx2g -XX:+AlwaysPreTouch"
"$java_bin" -cp "$cp" -Dbench.dir="$here/target/bench-roots" org.openjdk.jmh.Main \
    -jvmArgsAppend "$fork_args" -e 'FillBenchmark|PayloadDigestBenchmark|InlineThresholdBenchmark' \
    -rf json -rff target/jmh-main.json "${jmh_args[@]}" | tee target/jmh-output.txt
if [ "$fill_opts" != skip ]; then
  read -r -a fill_args <<< "$fill_opts"
  "$java_bin" -cp "$cp" -Dbench.dir="$here/target/bench-roots" org.openjdk.jmh.Main \
      -jvmArgsAppend "$fork_args" \
      -rf json -rff target/jmh-fill.json "${fill_args[@]}" FillBenchmark | tee -a target/jmh-output.txt
fi
python3 - <<'PY'
import csv, json, os
rows = json.load(open("target/jmh-main.json"))
if os.path.exists("target/jmh-fill.json"):
    rows += json.load(open("target/jmh-fill.json"))
json.dump(rows, open("target/jmh-result.json", "w"), indent=1)
with open("target/jmh-result.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["benchmark", "params", "mode", "threads", "score", "error", "unit"])
    for r in rows:
        m = r["primaryMetric"]
        w.writerow([r["benchmark"], json.dumps(r.get("params", {})), r["mode"], r["threads"],
                    m["score"], m["scoreError"], m["scoreUnit"]])
PY

# Steady-state heap, one fresh JVM per provider.
: > target/heap.csv
if [ "$heap_entries" != 0 ]; then
  for p in $heap_providers; do
    if out=$(timeout "$heap_timeout" "$java_bin" -Xmx4g -cp "$cp" -Dbench.dir="$here/target/bench-roots" \
        io.cachet.benchmarks.HeapFootprint "$p" "$heap_entries" 2>target/heap-$p.err | tail -1); then
      echo "$out" >> target/heap.csv
    else
      echo "$p,$heap_entries,,FAILED (exit or timeout after ${heap_timeout}s; see target/heap-$p.err)" >> target/heap.csv
    fi
    tail -1 target/heap.csv
  done
fi
rm -rf target/bench-roots

{
  echo "started=$started"
  echo "commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command=HEAP_ENTRIES=$heap_entries HEAP_TIMEOUT=$heap_timeout FILL_OPTS='$fill_opts' benchmarks/run.sh ${jmh_args[*]}"
  echo "heap_entries=$heap_entries"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
} > target/machine.txt
free -h > target/free.txt
"$java_bin" -version 2> target/java-version.txt
python3 report.py target RESULTS.md ../README.md
echo "Wrote $here/RESULTS.md and the performance table of $here/../README.md"
