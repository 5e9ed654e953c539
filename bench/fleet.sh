#!/usr/bin/env bash
# Benchmark of the fleet commands: N saved reports (copies of the H200 fixture's report and, every
# tenth, of a failing host's, with distinct host names) read in one process by summarize (text, json,
# csv) and diagnose of the folder (text, json). Each is run RUNS times, interleaved (one run of each
# per round, so that a busy neighbour hits all alike), and the median, min and max wall time and the
# median CPU time (user + system) are printed; the load average is printed before and after, since
# on a shared machine it moves the wall time more than anything the tool does.
#
#   bench/fleet.sh [-r RUNS] [N] [JAR]      (defaults: 3 runs, 10000 reports, target/gpu-doctor.jar)
#
# GPU_DOCTOR  the command to time instead of java -jar JAR, e.g. an unpacked bundle's bin/gpu-doctor
# JAVA        the java that runs JAR (default: java)
# JAVA_OPTS   its options (default: bin/gpu-doctor's and the bundle's: C1 only, the serial collector);
#             JAVA_OPTS=" " times the JVM's defaults
set -euo pipefail
cd "$(dirname "$0")/.."
TIMEFORMAT='%3R %3U %3S'
export LC_ALL=C
RUNS=3
if [ "${1:-}" = "-r" ]; then RUNS=$2; shift 2; fi
N=${1:-10000}
JAR=${2:-target/gpu-doctor.jar}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}
[ "$RUNS" -ge 1 ] 2>/dev/null && [ "$N" -ge 10 ] 2>/dev/null || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 3; }
GPU_DOCTOR=${GPU_DOCTOR:-$JAVA $JAVA_OPTS -jar $JAR}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
$GPU_DOCTOR check --from src/test/resources/fixtures/h200-torch-container --format json > "$DIR/good.json" || true
$GPU_DOCTOR check --from src/test/resources/fixtures/torch-cu130-on-driver-550 --format json > "$DIR/bad.json" || true
mkdir "$DIR/fleet"
# One awk for all the copies: a sed per file took minutes for 10,000.
awk -v dir="$DIR/fleet" -v n="$N" '
  FNR == NR { good[++g] = $0; next }
  { bad[++b] = $0 }
  END {
    for (i = 1; i <= n; i++) {
      f = dir "/node-" i ".json"
      for (j = 1; j <= (i % 10 ? g : b); j++) {
        line = (i % 10 ? good[j] : bad[j])
        sub(/"description" : "[^"]*"/, "\"description\" : \"node-" i "\"", line)
        print line > f
      }
      close(f)
    }
  }' "$DIR/good.json" "$DIR/bad.json"

names=("summarize --format text" "summarize --format json" "summarize --format csv" "diagnose DIR" "diagnose DIR --format json")
args=("summarize $DIR/fleet --format text" "summarize $DIR/fleet --format json" "summarize $DIR/fleet --format csv"
  "diagnose $DIR/fleet" "diagnose $DIR/fleet --format json")
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) CPU(s); $N reports, $(du -sh "$DIR/fleet" | cut -f1) on disk; $RUNS runs each, interleaved"
echo "# gpu-doctor: $GPU_DOCTOR"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= RUNS; r++)); do
  for i in "${!args[@]}"; do
    # Exit code 1 (reports with problems) is the normal outcome here: every tenth host has one.
    { time { rc=0; $GPU_DOCTOR ${args[$i]} >/dev/null 2>>"$DIR/err-$i" || rc=$?; echo "$rc" >>"$DIR/rc-$i"; }; } 2>>"$DIR/times-$i"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
printf '%-28s %9s %9s %9s %9s  %s\n' command median_s min_s max_s cpu_s "exit codes"
for i in "${!args[@]}"; do
  printf '%-28s %9s %9s %9s %9s  %s\n' "${names[$i]}" "$(awk '{ print $1 }' "$DIR/times-$i" | median)" \
    "$(awk '{ print $1 }' "$DIR/times-$i" | sort -n | awk 'NR == 1 { printf "%.2f", $1 }')" \
    "$(awk '{ print $1 }' "$DIR/times-$i" | sort -n | awk '{ t = $1 } END { printf "%.2f", t }')" \
    "$(awk '{ print $2 + $3 }' "$DIR/times-$i" | median)" "$(sort -u "$DIR/rc-$i" | paste -sd, -)"
  if [ -s "$DIR/err-$i" ]; then sort -u "$DIR/err-$i" | head -3 | sed "s/^/  stderr: /"; fi
done
