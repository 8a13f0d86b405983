#!/usr/bin/env bash
# Prints instructions per inference of the four MLPerf Tiny models run as Cortex-M4 firmware under
# QEMU (`edge-distill simulate --emulate`, bit-exact checked) beside TFLM with CMSIS-NN and TFLM's
# reference kernels, measured the same way on the emulated Cortex-M4 (GCC 12 -O2; numbers from issue 7).
# Usage: tools/firmware_instructions.sh [SHARED_DIR] [--speed]   (--speed: build the firmware with -O)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
speed=${2:-}
models="$shared/conformance/mlperf-tiny"
[ -d "$models" ] || { echo "firmware_instructions: $models not found (pass the shared folder as the first argument)" >&2; exit 1; }
swift build --product edge-distill >&2
bin=$(swift build --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| model | EdgeDistill instructions | TFLM + CMSIS-NN | ratio | TFLM reference kernels | runtime text (B) | peak stack (B) |\n|---|---:|---:|---:|---:|---:|---:|\n'
while read -r name cmsis reference; do
    "$bin" import "$models/$name.tflite" -o "$work/$name.edm" >/dev/null
    "$bin" simulate "$work/$name.edm" --device speaker-wakeword-m4f --emulate $speed > "$work/$name.txt"
    python3 - "$name" "$cmsis" "$reference" "$work/$name.txt" <<'PY'
import re, sys
name, cmsis, reference, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
text = open(path).read()
count = int(re.search(r"invoke\(\)\s+(\d+)", text).group(1))
runtime = re.search(r"runtime text (\d+) B", text).group(1)
stack = re.search(r"peak stack (\d+) B", text).group(1)
print(f"| {name} | {count:,} | {cmsis:,} | {count / cmsis:.2f}x | {reference} | {int(runtime):,} | {int(stack):,} |")
PY
done <<'MODELS'
kws_ref_model 7697279 43.0M
resnet8_cifar10_int8 29863372 107.4M
vww_96_int8 24102777 100.2M
ad01_int8 583202 1.95M
MODELS
