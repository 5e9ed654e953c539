#!/usr/bin/env bash
# Start-up benchmark for gpu-doctor: runs each command RUNS times, interleaved (one run of each
# command per round, so that a busy neighbour or a cold cache hits every command alike), after one
# untimed warm-up run each, and prints median / min / max wall time in milliseconds, and the median
# CPU time (user + system, the command and its children), which moves less on a shared machine.
#
#   bench/bench.sh [-n RUNS] [-a "ARGS"] [--bundle DIR] [--python PATH] [--no-reference] [NAME=COMMAND ...]
#
# NAME=COMMAND   a gpu-doctor to time, e.g. jar="java -jar target/gpu-doctor.jar"; ARGS is appended
# --bundle DIR   an unpacked bundle, timed three ways: as shipped (its CDS archives), with the
#                runtime's base CDS archive only, and with class-data sharing off
# -a ARGS        what gpu-doctor is asked (default: check --format json)
# --python PATH  the interpreter for the torch reference (default: python3)
# --no-reference leave out the reference commands: nvidia-smi -q -x (when nvidia-smi is on PATH)
#                and python -m torch.utils.collect_env (when torch imports)
#
# Exit codes of the timed commands are shown but do not stop the benchmark: check exits 1 when it
# finds a problem, which is a normal outcome on a machine without a GPU.
set -euo pipefail
TIMEFORMAT='%3R %3U %3S'
export LC_ALL=C

runs=10
args="check --format json"
python=python3
reference=1
names=()
commands=()

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 3; }

add() { names+=("$1"); commands+=("$2"); }

while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -a) args="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --no-reference) reference=0; shift ;;
    --bundle)
      dir="$(cd "$2" && pwd)"
      [ -x "$dir/bin/gpu-doctor" ] || { echo "bench: $dir/bin/gpu-doctor not found" >&2; exit 2; }
      base="$(ls "$dir"/runtime/lib/server/classes.jsa 2>/dev/null || true)"
      add bundle "$dir/bin/gpu-doctor"
      if [ -n "$base" ]; then
        add bundle-base-cds "env GPU_DOCTOR_JAVA_OPTS=-XX:SharedArchiveFile=$base $dir/bin/gpu-doctor"
      fi
      add bundle-no-cds "env GPU_DOCTOR_JAVA_OPTS=-Xshare:off $dir/bin/gpu-doctor"
      shift 2 ;;
    -h|--help) usage ;;
    *=*) add "${1%%=*}" "${1#*=}"; shift ;;
    *) usage ;;
  esac
done
[ "$runs" -ge 1 ] 2>/dev/null || usage

# Appended after the gpu-doctor commands are named, so that ARGS applies only to them.
for i in "${!commands[@]}"; do commands[$i]="${commands[$i]} $args"; done
if [ "$reference" = 1 ]; then
  if command -v nvidia-smi >/dev/null 2>&1; then add "nvidia-smi -q -x" "nvidia-smi -q -x"; fi
  if "$python" -c 'import torch' >/dev/null 2>&1; then
    add "torch collect_env" "$python -m torch.utils.collect_env"
  fi
fi
[ ${#commands[@]} -gt 0 ] || { echo "bench: nothing to time (give NAME=COMMAND or --bundle DIR)" >&2; exit 3; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) CPUs; $runs runs each, interleaved; gpu-doctor asked: $args"
for i in "${!commands[@]}"; do
  bash -c "${commands[$i]}" >/dev/null 2>"$out/warm-$i.err" || true
done
for ((r = 1; r <= runs; r++)); do
  for i in "${!commands[@]}"; do
    # bash's time keyword: wall, user and system seconds of the command and its children.
    { time { rc=0; bash -c "${commands[$i]}" >/dev/null 2>>"$out/err-$i" || rc=$?; echo "$rc" >>"$out/rc-$i"; }; } 2>>"$out/times-$i"
  done
done

median() { sort -n | awk '{ t[NR] = $1 } END { printf "%.0f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
# CPU time (user + system) is shown beside wall time: on a shared machine it moves less with the load.
printf '%-20s %9s %9s %9s %9s  %s\n' command median_ms min_ms max_ms cpu_ms "exit codes"
for i in "${!commands[@]}"; do
  wall="$(awk '{ print $1 * 1000 }' "$out/times-$i")"
  printf '%-20s %9s %9s %9s %9s  %s\n' "${names[$i]}" "$(median <<<"$wall")" \
    "$(sort -n <<<"$wall" | head -1)" "$(sort -n <<<"$wall" | tail -1)" \
    "$(awk '{ print ($2 + $3) * 1000 }' "$out/times-$i" | median)" "$(sort -u "$out/rc-$i" | paste -sd, -)"
done
for i in "${!commands[@]}"; do
  if [ -s "$out/err-$i" ]; then
    echo "stderr of ${names[$i]} (first lines):" >&2
    sort -u "$out/err-$i" | head -5 >&2
  fi
done
for i in "${!commands[@]}"; do echo "${names[$i]}: ${commands[$i]}"; done
