#!/usr/bin/env bash
# Prints the arena each MLPerf Tiny model needs with EdgeDistill's ahead-of-time planner, beside the
# liveness lower bound of its buffers (tensors and the operators' scratch buffers, from `import`) and
# TFLM's measured arena (numbers from ../shared/conformance/mlperf-tiny/MODELS.md and issue 3; TFLM's
# reference kernels need no scratch). Usage: tools/arena_table.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
models="$shared/conformance/mlperf-tiny"
[ -d "$models" ] || { echo "arena_table: $models not found (pass the shared folder as the first argument)" >&2; exit 1; }
swift build -c release --product edge-distill >&2
bin=$(swift build -c release --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| model | EdgeDistill arena (B) | lower bound (B) | over bound | TFLM activations (B) | TFLM total, x86-64 (B) | goal ≤ bound + 5 %% |\n|---|---:|---:|---:|---:|---:|---|\n'
while read -r name tflm_head tflm_total; do
    bound=$("$bin" import "$models/$name.tflite" -o "$work/$name.edm" | sed -n 's/.*liveness lower bound \([0-9]*\)).*/\1/p')
    arena=$("$bin" inspect "$work/$name.edm" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["arenaBytes"])')
    python3 - "$name" "$arena" "$bound" "$tflm_head" "$tflm_total" <<'PY'
import sys
name, arena, bound, head, total = sys.argv[1], *map(int, sys.argv[2:])
over = 100.0 * (arena - bound) / bound
print(f"| {name} | {arena:,} | {bound:,} | {over:+.1f} % | {head:,} | {total:,} | {'yes' if arena <= bound * 1.05 else 'NO'} |")
PY
done <<'MODELS'
kws_ref_model 16000 24272
resnet8_cifar10_int8 49152 55984
vww_96_int8 73728 103680
ad01_int8 768 3984
MODELS

# The zoo (../shared/conformance/zoo): arena with the kernels' scratch beside the liveness lower bound.
zoo="$shared/conformance/zoo"
[ -d "$zoo" ] || exit 0
printf '\n| zoo model | EdgeDistill arena (B) | lower bound (B) | over bound |\n|---|---:|---:|---:|\n'
for folder in "$zoo"/*/; do
    name=$(basename "$folder")
    if ! out=$("$bin" import "$folder/model.tflite" -o "$work/$name.edm" 2>/dev/null); then
        printf '| %s | not imported | | |\n' "$name"
        continue
    fi
    bound=$(sed -n 's/.*liveness lower bound \([0-9]*\)).*/\1/p' <<<"$out")
    arena=$("$bin" inspect "$work/$name.edm" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["arenaBytes"])')
    python3 -c "a, b = $arena, $bound; print(f'| $name | {a:,} | {b:,} | {100.0 * (a - b) / b:+.1f} % |')"
done
