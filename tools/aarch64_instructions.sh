#!/usr/bin/env bash
# Instructions per inference of the four MLPerf Tiny models and the zoo models run as AArch64
# firmware on QEMU's virt board (`edge-distill simulate --emulate` on a Cortex-A device profile,
# bit-exact with the host checked). The runtime's kernels on AArch64 are the portable `+Optimized`
# ones (no NEON kernels yet). MLPerf Tiny models run one pseudo-random row, as
# tools/firmware_instructions.sh does; zoo models run input row 0, as tools/zoo_instructions.sh does.
# Usage: tools/aarch64_instructions.sh [SHARED_DIR] [DEVICE]   (default device: phone-little-a55,
# which QEMU 7.2 emulates as a Cortex-A53; robot-sbc-a72 and phone-big-a76 run as themselves)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
device=${2:-phone-little-a55}
[ -d "$shared/conformance" ] || { echo "aarch64_instructions: $shared/conformance not found (pass the shared folder as the first argument)" >&2; exit 1; }
swift build --product edge-distill >&2
bin=$(swift build --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| model | instructions | loads | branches | runtime text (B) | peak stack (B) |\n|---|---:|---:|---:|---:|---:|\n'
row() {
    python3 - "$1" "$2" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
text = open(path).read()
if "bit-exact" not in text:
    print(f"| {name} | failed: {text.strip().splitlines()[-1] if text.strip() else 'no output'} | | | | |")
    sys.exit()
count, loads, branches = map(int, re.search(r"invoke\(\)\s+(\d+)\s+(\d+)\s+(\d+)", text).groups())
runtime = int(re.search(r"runtime text (\d+) B", text).group(1))
stack = int(re.search(r"peak stack (\d+) B", text).group(1))
print(f"| {name} | {count:,} | {loads:,} | {branches:,} | {runtime:,} | {stack:,} |")
PY
}
for name in kws_ref_model resnet8_cifar10_int8 vww_96_int8 ad01_int8; do
    "$bin" simulate "$shared/conformance/mlperf-tiny/$name.tflite" --device "$device" --emulate > "$work/$name.txt" 2>&1 || true
    row "$name" "$work/$name.txt"
done
for folder in "$shared"/conformance/zoo/*/; do
    name=$(basename "$folder")
    [ -f "$folder/model.tflite" ] || continue
    if ! "$bin" import "$folder/model.tflite" -o "$work/$name.edm" >/dev/null 2>"$work/$name.err"; then
        printf '| %s | not imported | | | | |\n' "$name"
        continue
    fi
    python3 -c "import numpy as np; np.save('$work/row0.npy', np.load('$folder/inputs.npy')[:1])"
    "$bin" simulate "$work/$name.edm" --device "$device" --emulate --inputs "$work/row0.npy" > "$work/$name.txt" 2>&1 || true
    row "$name" "$work/$name.txt"
done
