#!/bin/bash
# The final bundle on the real GPU host: check, the full validation ladder (TensorRT absent there),
# validate --engine on a file that is no plan, the start-up benchmark, and the fleet benchmark on two
# pinned cores (the 2-core goal of diagnose/summarize of 10,000 reports).
set -u
D=/tmp/gd9; rm -rf $D; mkdir -p $D; tar -xzf .carry/b/gpu-doctor-0.1.0-SNAPSHOT-linux-x86_64.tar.gz -C $D
B=$D/gpu-doctor-0.1.0-SNAPSHOT-linux-x86_64
O=/tmp/out9; rm -rf $O; mkdir -p $O
{ nvidia-smi --query-gpu=name,driver_version --format=csv,noheader; date -u; echo "nproc: $(nproc)"; uptime; command -v java || echo "no java on PATH"; command -v trtexec || echo "no trtexec on PATH"; /opt/torch/.venv/bin/python -c "import tensorrt" 2>&1 | tail -1; } > $O/environment.txt 2>&1
$B/bin/gpu-doctor --version > $O/version.txt 2>&1
$B/bin/gpu-doctor check --format json > $O/check.json 2>$O/check.err; echo "exit code: $?" >> $O/check.err
s=$EPOCHREALTIME; $B/bin/gpu-doctor validate > $O/validate.txt 2>&1; rc=$?; e=$EPOCHREALTIME
echo "exit code: $rc; wall $(awk -v a=$s -v b=$e 'BEGIN{printf "%.2f", b-a}') s" >> $O/validate.txt
$B/bin/gpu-doctor validate --format json > $O/validate.json 2>$O/validate.err; echo "exit code: $?" >> $O/validate.err
$B/bin/gpu-doctor validate --engine /etc/os-release > $O/validate-engine-not-a-plan.txt 2>&1; echo "exit code: $?" >> $O/validate-engine-not-a-plan.txt
bash bench/bench.sh -n 20 --bundle $B --python /opt/torch/.venv/bin/python > $O/bench.txt 2>&1; echo "exit code: $?" >> $O/bench.txt
GPU_DOCTOR="$B/bin/gpu-doctor" taskset -c 0,1 bash bench/fleet.sh -r 3 10000 > $O/fleet-2cores.txt 2>&1; echo "exit code: $?" >> $O/fleet-2cores.txt
sed -i 's/<serial>[^<]*<\/serial>/<serial>redacted<\/serial>/g' $O/* 2>/dev/null
tar -czf $OUT/run9.tar.gz -C $O . && ls -la $O
