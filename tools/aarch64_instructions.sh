#!/usr/bin/env bash
# Instructions per inference of the four MLPerf Tiny models and the zoo models run as AArch64
# firmware on QEMU's virt board (`edge-distill simulate --emulate` on a Cortex-A device profile,
# bit-exact with the host checked), once with the NEON kernels and once with the portable `+Optimized`
# ones (`--kernels portable`). MLPerf Tiny models run one pseudo-random row, as
# tools/firmware_instructions.sh does; zoo models run input row 0, as tools/zoo_instructions.sh does.
# Usage: tools/aarch64_instructions.sh [SHARED_DIR] [DEVICE] [KERNELS]   (default device: phone-little-a55,
# which QEMU 7.2 emulates as a Cortex-A53; robot-sbc-a72 and phone-big-a76 run as themselves,
# phone-big-a710 as QEMU's `max`). KERNELS: the family the comparison column runs (default portable;
# neon-dot on phone-big-a710 compares smmla with sdot on the same core).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
device=${2:-phone-little-a55}
other=${3:-portable}
[ -d "$shared/conformance" ] || { echo "aarch64_instructions: $shared/conformance not found (pass the shared folder as the first argument)" >&2; exit 1; }
# EDGE_DISTILL_BIN: a built edge-distill to use instead of building this checkout (with
# EDGE_DISTILL_ROOT naming the sources its firmware compiles, for runs from a snapshot).
if [ -n "${EDGE_DISTILL_BIN:-}" ]; then
    bin=$EDGE_DISTILL_BIN
else
    swift build --product edge-distill >&2
    bin=$(swift build --show-bin-path)/edge-distill
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| model | NEON instructions | loads | branches | %s instructions | %s / NEON | runtime text (B) | peak stack (B) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n' "$other" "$other"
row() {
    python3 - "$1" "$2" "$3" <<'PY'
import re, sys
name, neon_path, portable_path = sys.argv[1], sys.argv[2], sys.argv[3]
texts = [open(neon_path).read(), open(portable_path).read()]
for text in texts:
    if "bit-exact" not in text:
        print(f"| {name} | failed: {text.strip().splitlines()[-1] if text.strip() else 'no output'} | | | | | | |")
        sys.exit()
# invoke() row: instructions, predicted (or –), loads, branches.
counts = [tuple(map(int, re.search(r"invoke\(\)\s+(\d+)\s+\S+\s+(\d+)\s+(\d+)", t).groups())) for t in texts]
runtime = int(re.search(r"runtime text (\d+) B", texts[0]).group(1))
stack = int(re.search(r"peak stack (\d+) B", texts[0]).group(1))
(count, loads, branches), portable = counts[0], counts[1][0]
print(f"| {name} | {count:,} | {loads:,} | {branches:,} | {portable:,} | {portable / count:.2f}× | {runtime:,} | {stack:,} |")
PY
}
emulate() {  # MODEL NAME [simulate options...]
    local model=$1 name=$2
    shift 2
    "$bin" simulate "$model" --device "$device" --emulate "$@" > "$work/$name.txt" 2>&1 || true
    "$bin" simulate "$model" --device "$device" --emulate --kernels "$other" "$@" > "$work/$name.portable.txt" 2>&1 || true
    row "$name" "$work/$name.txt" "$work/$name.portable.txt"
}
for name in kws_ref_model resnet8_cifar10_int8 vww_96_int8 ad01_int8; do
    emulate "$shared/conformance/mlperf-tiny/$name.tflite" "$name"
done
for folder in "$shared"/conformance/zoo/*/; do
    name=$(basename "$folder")
    [ -f "$folder/model.tflite" ] || continue
    if ! "$bin" import "$folder/model.tflite" -o "$work/$name.edm" >/dev/null 2>"$work/$name.err"; then
        printf '| %s | not imported | | | | | | |\n' "$name"
        continue
    fi
    python3 -c "import numpy as np; np.save('$work/row0.npy', np.load('$folder/inputs.npy')[:1])"
    emulate "$work/$name.edm" "$name" --inputs "$work/row0.npy"
done
