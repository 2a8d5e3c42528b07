#!/usr/bin/env bash
# Profiles one benchmark with Linux perf, Java frames included, and writes a flat profile by library and symbol.
#
# Usage: benchmarks/profile.sh NAME BENCHMARK_REGEX [JMH options...]
#   e.g. benchmarks/profile.sh put100 'SmallValueBenchmark.put$' -p provider=cachet-normal
# Needs perf (linux-perf) and permission to use it (perf_event_paranoid <= 1, or root). Reuses the build of
# run.sh (target/classes, target/classpath.txt). Writes target/profile-NAME.txt (top symbols, by library and
# by symbol) and keeps target/profile-NAME.data for `perf report -i`.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
name=$1
benchmark=$2
shift 2

command -v perf > /dev/null || { echo "perf is not installed" >&2; exit 1; }
[ -f target/classpath.txt ] || { echo "build first: benchmarks/run.sh (or its mvn line)" >&2; exit 1; }
cp="$here/target/classes:$(cat target/classpath.txt)"
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
# Frame pointers let perf walk Java stacks; the perf map names JIT-compiled methods (written at JVM exit).
jit_flags="-XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"

rm -rf target/profile-roots
mkdir -p target/profile-roots
perf record -F 1999 -g -o "target/profile-$name.data" -- \
    "$java_bin" -cp "$cp" org.openjdk.jmh.Main "$benchmark" -f 1 -wi 3 -w 2s -i 5 -r 2s \
    -jvmArgsAppend "$jit_flags -Dbench.dir=$here/target/profile-roots" "$@" > "target/profile-$name.jmh.txt"
rm -rf target/profile-roots

set +o pipefail  # a section with no match is not a failure
worker=io.cachet.bench  # perf keeps 15 characters of a thread name: the JMH workers'
{
  echo "# perf profile of $benchmark $*"
  echo "# self time; shares of all samples, the JMH worker threads' ($worker...) unless stated"
  echo
  echo "## by thread"
  perf report -i "target/profile-$name.data" --no-children --sort comm --stdio -g none 2> /dev/null \
      | grep -E '^ +[0-9]' | head -6
  echo
  echo "## by library (worker threads)"
  perf report -i "target/profile-$name.data" --no-children --sort comm,dso --stdio -g none 2> /dev/null \
      | grep -E "^ +[0-9.]+%  $worker" | head -8
  echo
  echo "## compiled and interpreted Java by package (worker threads)"
  perf report -i "target/profile-$name.data" --no-children --sort comm,dso,sym --stdio -g none 2> /dev/null \
      | grep -E "^ +[0-9.]+%  $worker +\[JIT\]" | python3 -c '
import re, sys
shares = {}
for line in sys.stdin:
    share = float(line.split("%")[0])
    symbol = line.split("[.]", 1)[-1].strip()
    method = re.search(r"([\w.$]+)\(", symbol)
    match = method and re.match(r"(io\.cachet\.[a-z]+|org\.sqlite|com\.esotericsoftware|javax?\.[a-z]+|sun\.[a-z]+|jdk\.[a-z]+)", method.group(1))
    group = match.group(1) if match else "other (stubs, interpreter)"
    shares[group] = shares.get(group, 0) + share
for group, share in sorted(shares.items(), key=lambda item: -item[1])[:12]:
    print(f"{share:8.2f}%  {group}")
'
  echo
  echo "## by symbol (worker threads)"
  perf report -i "target/profile-$name.data" --no-children --sort comm,dso,sym --stdio -g none 2> /dev/null \
      | grep -E "^ +[0-9.]+%  $worker" | head -30
  echo
  echo "## system calls, time including the kernel work under them (worker threads)"
  perf report -i "target/profile-$name.data" --children --sort comm,sym --stdio -g none 2> /dev/null \
      | grep -E "$worker +\[k\] (__x64_sys_|ksys_)" | head -12
} > "target/profile-$name.txt"
grep -E 'Score|avgt|thrpt' "target/profile-$name.jmh.txt" | tail -3
echo "Wrote $here/target/profile-$name.txt"
