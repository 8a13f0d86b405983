#!/usr/bin/env bash
# Rebuilds the shipped robot students in models/ from the wall-following robot data, end to end
# (about two minutes on two cores), and rewrites their model cards:
#   tools/rebuild_robot_students.sh robot-wall-student          # time-ordered split: first 80 % of rows train
#   tools/rebuild_robot_students.sh robot-wall-student-random   # stratified random 80/20 split, seed 1
#   tools/rebuild_robot_students.sh all
# Each student: the 24 raw distances (metres) standardized inside the model, one 1×1 convolution of
# 3 filters over the ring of sensors, a max pool sliding a 4-sensor window (the smallest reading of
# each arc), 6 ReLUs, 4 classes — 418 parameters. The forest beside it is the teacher the table
# compares against (edge-distill forest, 200 trees, seed 1).
# env: EDGE_DISTILL_DATA (data directory), BIN (a built edge-distill), WORK (default .build/robot).
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
work="${WORK:-.build/robot}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
arch="cnn:24x1x1-c3k1-p4x1s1-f6-4,standardize"
training=(--arch "$arch" --epochs 400 --optimizer adam --learning-rate 0.01 --schedule cosine:0.00001 --batch-size 32 --seed 1)

ship() { # model name, dataset (split)
  local name="$1" data="$2" folder="models/$1"
  mkdir -p "$folder"
  "$BIN" forest --data "$data" --trees 200 --seed 1 --json > "$work/$name-forest.json"
  "$BIN" train --data "$data" "${training[@]}" --checkpoint "$work/$name.ckpt"
  "$BIN" quantize "$work/$name.ckpt" -o "$folder/$name.edm" --data "$data" --calibration-samples 4000
  cat > "$folder/recipe.txt" <<RECIPE
Rebuild: tools/rebuild_robot_students.sh $name   (WORK=.build/robot)

# the forest the student is compared with (not needed to build the student)
edge-distill forest --data $data --trees 200 --seed 1 --json
# the student, trained alone on the labels (raw metres in; the standardization is fitted to the
# training rows and folded into the convolution on export)
edge-distill train --data $data ${training[*]} --checkpoint $name.ckpt
edge-distill quantize $name.ckpt -o $name.edm --data $data --calibration-samples 4000
edge-distill export $name.edm --checkpoint $name.ckpt --data $data
edge-distill evaluate $name.edm --data $data --json
RECIPE
  "$BIN" export "$folder/$name.edm" --checkpoint "$work/$name.ckpt" --data "$data" \
    --recipe "$folder/recipe.txt" --card "$folder/$name.md" --header "$work/$name.h"
  "$BIN" evaluate "$folder/$name.edm" --data "$data" --json
}

if [[ "$which" == all || "$which" == robot-wall-student ]]; then ship robot-wall-student wall-following-robot; fi
if [[ "$which" == all || "$which" == robot-wall-student-random ]]; then ship robot-wall-student-random wall-following-robot-random; fi
