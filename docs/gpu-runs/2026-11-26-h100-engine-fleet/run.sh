#!/bin/bash
# The commands of this run: run from the repository root on the GPU host, with the bundle's .tar.gz
# as the argument; the outputs go to the folder OUT (default: a new temporary folder).
#   docs/gpu-runs/2026-11-26-h100-engine-fleet/run.sh gpu-doctor-0.1.0-SNAPSHOT-linux-x86_64.tar.gz
# Unpacked into a fresh folder, BUNDLE below; the kept outputs show that folder as $BUNDLE.
set -u
D=$(mktemp -d); tar -xzf "$1" -C "$D"
BUNDLE=$D/gpu-doctor-0.1.0-SNAPSHOT-linux-x86_64
O=${OUT:-$(mktemp -d)}
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; date -u; echo "nproc: $(nproc)"; uptime; command -v java || echo "no java on PATH"; command -v trtexec || echo "no trtexec on PATH"; /opt/torch/.venv/bin/python -c "import tensorrt" 2>&1 | tail -1; } > "$O/environment.txt" 2>&1
"$BUNDLE/bin/gpu-doctor" --version > "$O/version.txt" 2>&1
"$BUNDLE/bin/gpu-doctor" check --format json > "$O/check.json" 2>"$O/check.err"; echo "exit code: $?" >> "$O/check.err"
s=$EPOCHREALTIME; "$BUNDLE/bin/gpu-doctor" validate > "$O/validate.txt" 2>&1; rc=$?; e=$EPOCHREALTIME
echo "exit code: $rc; wall $(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}') s" >> "$O/validate.txt"
"$BUNDLE/bin/gpu-doctor" validate --format json > "$O/validate.json" 2>"$O/validate.err"; echo "exit code: $?" >> "$O/validate.err"
"$BUNDLE/bin/gpu-doctor" validate --engine /etc/os-release > "$O/validate-engine-not-a-plan.txt" 2>&1; echo "exit code: $?" >> "$O/validate-engine-not-a-plan.txt"
bash bench/bench.sh -n 20 --bundle "$BUNDLE" --python /opt/torch/.venv/bin/python > "$O/bench.txt" 2>&1; echo "exit code: $?" >> "$O/bench.txt"
# The fleet benchmark on two cores: the JVM sees 2 processors, as on the 2-core goal's machine.
GPU_DOCTOR="$BUNDLE/bin/gpu-doctor" taskset -c 0,1 bash bench/fleet.sh -r 3 10000 > "$O/fleet-2cores.txt" 2>&1; echo "exit code: $?" >> "$O/fleet-2cores.txt"
# The kept copies name the bundle's folder $BUNDLE and the GPU's UUID by a stand-in.
sed -i "s#$BUNDLE#\$BUNDLE#g; s/GPU-[0-9a-f-]\{36\}/GPU-00000000-0000-0000-0000-000000000001/g" "$O"/*
echo "outputs in $O"
