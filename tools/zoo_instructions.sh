#!/usr/bin/env bash
# Instructions per inference of the zoo models (../shared/conformance/zoo) run as Cortex-M4 firmware
# under QEMU (`edge-distill simulate --emulate`, bit-exact with the host checked, input row 0) beside
# TFLM + CMSIS-NN counted the same way (Cortex-M4 build, second Invoke() on input row 0; issue 15).
# Usage: tools/zoo_instructions.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
zoo="$shared/conformance/zoo"
[ -d "$zoo" ] || { echo "zoo_instructions: $zoo not found (pass the shared folder as the first argument)" >&2; exit 1; }
swift build --product edge-distill >&2
bin=$(swift build --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| model | EdgeDistill instructions | TFLM + CMSIS-NN | ratio | runtime text (B) | arena (B) |\n|---|---:|---:|---:|---:|---:|\n'
total=0; total_tflm=0
while read -r name tflm; do
    if ! "$bin" import "$zoo/$name/model.tflite" -o "$work/$name.edm" >/dev/null 2>"$work/$name.err"; then
        printf '| %s | not imported | %s | | | |\n' "$name" "$tflm"
        continue
    fi
    python3 -c "import numpy as np; np.save('$work/row0.npy', np.load('$zoo/$name/inputs.npy')[:1])"
    "$bin" simulate "$work/$name.edm" --device speaker-wakeword-m4f --emulate --inputs "$work/row0.npy" > "$work/$name.txt"
    read -r count line <<<"$(python3 - "$name" "$tflm" "$work/$name.txt" <<'PY'
import re, sys
name, tflm, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path).read()
count = int(re.search(r"invoke\(\)\s+(\d+)", text).group(1))
runtime = int(re.search(r"runtime text (\d+) B", text).group(1))
arena = int(re.search(r"arena (\d+) B", text).group(1))
print(count, f"| {name} | {count:,} | {tflm:,} | {count / tflm:.2f}x | {runtime:,} | {arena:,} |")
PY
)"
    echo "$line"
    total=$((total + count)); total_tflm=$((total_tflm + tflm))
done <<'MODELS'
kws_tcn_causal_fsdd 3634443
kws_transformer_fsdd 15367732
mobilenet_v2_035_96 45987331
mobilenet_v3_small_075_96 51115514
robot_sector_mlp 36176
squeezenet_mnist 4889116
unet_tconv_mnist 11852584
MODELS
python3 -c "print(f'| imported models, total | {$total:,} | {$total_tflm:,} | {$total / max($total_tflm, 1):.2f}x | | |')"
