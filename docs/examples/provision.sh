#!/bin/sh
# A provisioning gate: the rest of provisioning runs only on a host whose NVIDIA stack meets the
# requirement and has no error finding.
#
#   provision.sh [--require EXPR] [-- COMMAND [ARG...]]
#
#   provision.sh --require 'driver>=550,cuda>=12.4' -- ansible-playbook -l "$(hostname)" gpu-node.yml
#
# EXPR is gpu-doctor's --require expression (default driver>=550,cuda>=12.4). COMMAND, when given,
# is run once the gate passes, and its exit status is this script's. Exit status otherwise:
#    0  the gate passed (no COMMAND)
#   10  the requirement is not met (finding require.unmet)
#   11  the requirement is met but gpu-doctor found errors (their codes are printed)
#   12  gpu-doctor could not run: not installed, unreadable input, timed out
#   13  usage: a malformed requirement or option (gpu-doctor's exit code 3) or arguments
# Settings: GPU_DOCTOR (the command, default gpu-doctor; split on spaces), GPU_DOCTOR_ARGS (more
# check options, e.g. --root /mnt/image), GPU_DOCTOR_TIMEOUT (seconds, default 120).
set -u
set -f

me=provision.sh
say() {
    printf '%s: %s\n' "$me" "$*" >&2
}

require='driver>=550,cuda>=12.4'
while [ $# -gt 0 ]; do
    case "$1" in
        --require) [ $# -ge 2 ] || { say "--require needs an expression"; exit 13; }; require=$2; shift 2 ;;
        --require=*) require=${1#--require=}; shift ;;
        --) shift; break ;;
        *) say "unknown argument '$1' (usage: $me [--require EXPR] [-- COMMAND [ARG...]])"; exit 13 ;;
    esac
done
[ -n "$require" ] || { say "--require needs an expression"; exit 13; }

: "${GPU_DOCTOR:=gpu-doctor}"
: "${GPU_DOCTOR_ARGS:=}"
: "${GPU_DOCTOR_TIMEOUT:=120}"
case "$GPU_DOCTOR_TIMEOUT" in
    ''|*[!0-9]*|0) say "GPU_DOCTOR_TIMEOUT must be a whole number of seconds above 0, not '$GPU_DOCTOR_TIMEOUT'"; exit 13 ;;
esac

work=$(mktemp -d) || { say "cannot create a temporary folder"; exit 12; }
trap 'rm -rf "$work"' EXIT
trap 'exit 12' HUP INT TERM

# The prometheus format gives one line per finding with its code: the exit code says that the
# check failed, the codes say whether for the requirement or for something else.
# shellcheck disable=SC2086
timeout -k 5 "$GPU_DOCTOR_TIMEOUT" $GPU_DOCTOR check --require "$require" --format prometheus $GPU_DOCTOR_ARGS \
    >"$work/report" 2>"$work/stderr" </dev/null
rc=$?
case $rc in
    0|1) ;;
    3) say "gpu-doctor refused the options: $(head -n 1 "$work/stderr")"; exit 13 ;;
    124|137) say "gpu-doctor did not finish within ${GPU_DOCTOR_TIMEOUT}s"; exit 12 ;;
    126|127) say "gpu-doctor could not be started ($GPU_DOCTOR): $(head -n 1 "$work/stderr")"; exit 12 ;;
    *) say "gpu-doctor could not run (exit $rc): $(head -n 1 "$work/stderr")"; exit 12 ;;
esac
if ! grep -q '^gpu_doctor_check_ok ' "$work/report"; then
    say "gpu-doctor exited $rc without a report: $(head -n 1 "$work/stderr")"
    exit 12
fi

errors=$(sed -n '/^gpu_doctor_finding{.*severity="error"/s/.*code="\([^"]*\)".*/\1/p' "$work/report")
if printf '%s\n' "$errors" | grep -qx 'require.unmet'; then
    others=$(printf '%s\n' "$errors" | grep -vx 'require.unmet' | tr '\n' ' ')
    say "this host does not meet $require${others:+ (other errors: $others)}; details: gpu-doctor check --require '$require'"
    exit 10
fi
if [ -n "$errors" ] || [ $rc -ne 0 ]; then
    say "this host meets $require but has errors: $(printf '%s\n' "$errors" | tr '\n' ' ')- details: gpu-doctor check"
    exit 11
fi

say "this host meets $require"
[ $# -eq 0 ] && exit 0
trap - EXIT HUP INT TERM
rm -rf "$work"
exec "$@"
