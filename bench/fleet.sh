#!/usr/bin/env bash
# Benchmark of the fleet commands: N saved reports (copies of the H200 fixture's report and of a
# failing host's, with distinct host names) summarized in one process, wall time reported.
# Usage: bench/fleet.sh [N] [JAR]   (defaults: 10000, target/gpu-doctor.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
JAR=${2:-target/gpu-doctor.jar}
JAVA=${JAVA:-java}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
$JAVA -jar "$JAR" check --from src/test/resources/fixtures/h200-torch-container --format json > "$DIR/good.json" || true
$JAVA -jar "$JAR" check --from src/test/resources/fixtures/torch-cu130-on-driver-550 --format json > "$DIR/bad.json" || true
mkdir "$DIR/fleet"
for i in $(seq 1 "$N"); do
  src=good; [ $((i % 10)) -eq 0 ] && src=bad
  sed "s/\"description\" : \"[^\"]*\"/\"description\" : \"node-$i\"/" "$DIR/$src.json" > "$DIR/fleet/node-$i.json"
done
echo "$N reports, $(du -sh "$DIR/fleet" | cut -f1) on disk; $(nproc) CPU(s)"
for format in text json csv; do
  s=$EPOCHREALTIME
  $JAVA -jar "$JAR" summarize "$DIR/fleet" --format "$format" > /dev/null || true
  e=$EPOCHREALTIME
  echo "summarize --format $format: $(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}') s"
done
