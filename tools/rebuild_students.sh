#!/usr/bin/env bash
# Rebuilds the shipped int8 students in models/ from MNIST, end to end, and rewrites their model cards.
#   tools/rebuild_students.sh mnist-mlp-student     # 784-300-300-10 distilled from three MLP teachers (seeds 7,
#                                                   # 11, 13), ±2 px jitter
#   tools/rebuild_students.sh mnist-dscnn-student   # depthwise-separable CNN (13 K parameters) trained alone, and
#                                                   # distilled from a CNN teacher to compare (about two hours)
#   tools/rebuild_students.sh all
# The MLP teachers (784-1200-1200-10, dropout 0.5, ±2 px jitter: seed 7 for 200 epochs in WORK, seeds 11
# and 13 for 300 epochs in WORK-seed11 and WORK-seed13) and the students without a teacher are shared
# with tools/reproduce_mnist_kd.sh through WORK (default .build/kd-mnist); the DS-CNN's teacher is
# tools/mnist_cnn_student.sh's (two 5×5 convolutions with batch norm, dense 1024 and 256, dropout 0.5,
# ±2 px jitter, 20 epochs). Every run resumes from its checkpoint.
# env: EDGE_DISTILL_DATA (data directory), BIN (a built edge-distill), WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
work="${WORK:-.build/kd-mnist}"
source tools/mnist_runs.sh

ship() { # model name, student run name, calibration, the teacher on the card ("" for none)
  local name="$1" student="$2" calibration="$3" card_teacher="$4" folder="models/$1"
  mkdir -p "$folder"
  "$BIN" quantize "$work/$student.ckpt" -o "$folder/$name.edm" --calibration "$calibration"
  "$BIN" export "$folder/$name.edm" --checkpoint "$work/$student.ckpt" ${card_teacher:+--teacher "$card_teacher"} \
    --recipe "$folder/recipe.txt" --header "$folder/$name.h" --card "$folder/$name.md"
}

mlp_data=(--arch mlp:784-300-300-10 --jitter 2 --batch-size 128 --seed 1)
mlp=("${mlp_data[@]}" --epochs 30 --learning-rate 0.05 --schedule cosine:0.0005 --optimizer sgd --momentum 0.9)
mlp_adam=("${mlp_data[@]}" --epochs 90 --learning-rate 0.001 --schedule cosine:0.00001 --optimizer adam)
if [[ "$which" == all || "$which" == mnist-mlp-student ]]; then
  teacher 200
  run hard-300-jitter train "${mlp[@]}"
  run kd-300-T8-jitter distill "${mlp[@]}" --teacher "$work/teacher.ckpt" --temperature 8 --alpha 0.9
  run kd-300-ensemble distill "${mlp[@]}" --teacher "$work/teacher.ckpt,$work/hard-300-jitter.ckpt" --temperature 4 --alpha 0.5
  # The shipped student: three big teachers, T = 2, α = 0.7, 90 epochs, Adam (models/README.md has the
  # variants), and the same net trained alone with the same optimizer, epochs and jitter.
  for seed in 11 13; do (work="$work-seed$seed"; TEACHER_SEED=$seed; mkdir -p "$work"; teacher 300); done
  teachers="$work/teacher.ckpt,$work-seed11/teacher.ckpt,$work-seed13/teacher.ckpt"
  run kd-300-teachers3-T2-adam distill "${mlp_adam[@]}" --teacher "$teachers" --temperature 2 --alpha 0.7
  run hard-300-jitter-adam train "${mlp_adam[@]}"
  ship mnist-mlp-student kd-300-teachers3-T2-adam percentile "$work-seed11/teacher.ckpt"
fi

# The DS-CNN: the student's architecture trained alone with ±1 px jitter is shipped (percentile
# ranges); the CNN teacher and the same student distilled from it at T = 4 are its comparison (61
# float, 65 int8: more errors than alone; with ±2 px jitter 71 and 65; docs/RESULTS.md).
adam=(--optimizer adam --learning-rate 0.002 --schedule cosine:0.00002 --batch-size 128 --seed 1)
dscnn=(--arch "cnn:28x28x1-c24k3s2-dw3-c48k1-dw3s2-c64k1-dw3-c96k1-gap-10,bn" --epochs 40 --jitter 1 "${adam[@]}")
if [[ "$which" == all || "$which" == mnist-dscnn-student ]]; then
  run dscnn-alone-j1 train "${dscnn[@]}"
  run cnn-teacher train --arch "cnn:28x28x1-c32k5-p2-c64k5-p2-f1024-f256-10,bn,dropout=0.5" --epochs 20 --jitter 2 "${adam[@]}"
  run dscnn-kd-cnn distill "${dscnn[@]}" --teacher "$work/cnn-teacher.ckpt" --temperature 4 --alpha 0.7
  ship mnist-dscnn-student dscnn-alone-j1 percentile ""
fi
