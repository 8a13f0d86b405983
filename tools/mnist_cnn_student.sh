#!/usr/bin/env bash
# Issue 20, item 5: the tiny DS-CNN MNIST student at PyTorch's level. A CNN teacher (two 5×5
# convolutions with batch norm, dense 1024 and 256, dropout 0.5, ±2 px jitter), then the shipped
# student's architecture (13 K parameters after folding) trained alone and distilled from it at
# T = 4, both with ±STUDENT_JITTER px jitter; each quantized to int8 and evaluated by the runtime.
#   tools/mnist_cnn_student.sh   (about two hours on 2 cores; every step resumes from its checkpoint)
# env: EDGE_DISTILL_DATA, BIN (a built edge-distill), WORK (default .build/mnist-cnn),
#      TEACHER_EPOCHS (default 20), STUDENT_EPOCHS (default 60), STUDENT_JITTER (default 2; the
#      shipped mnist-dscnn-student is STUDENT_EPOCHS=40 STUDENT_JITTER=1, tools/rebuild_students.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/mnist-cnn}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
teacher="cnn:28x28x1-c32k5-p2-c64k5-p2-f1024-f256-10,bn,dropout=0.5"
student="cnn:28x28x1-c24k3s2-dw3-c48k1-dw3s2-c64k1-dw3-c96k1-gap-10,bn"
adam=(--optimizer adam --learning-rate 0.002 --schedule cosine:0.00002 --batch-size 128 --seed 1)
"$BIN" train --arch "$teacher" --epochs "${TEACHER_EPOCHS:-20}" --jitter 2 "${adam[@]}" --checkpoint "$work/teacher.ckpt" --resume >&2
students=(--arch "$student" --epochs "${STUDENT_EPOCHS:-60}" "${adam[@]}" --jitter "${STUDENT_JITTER:-2}")
"$BIN" train "${students[@]}" --checkpoint "$work/alone.ckpt" --resume >&2
"$BIN" distill "${students[@]}" --teacher "$work/teacher.ckpt" --temperature 4 --alpha 0.7 \
  --checkpoint "$work/distilled.ckpt" --resume >&2
errors() { "$BIN" evaluate "$1" --json 2>/dev/null | sed -E 's/.*"errors":([0-9]+).*/\1/'; }
for m in alone distilled; do "$BIN" quantize "$work/$m.ckpt" -o "$work/$m.edm" --calibration minmax >&2; done
echo "| network | float errors | int8 errors (runtime) |"
echo "|---|---:|---:|"
echo "| CNN teacher | $(errors "$work/teacher.ckpt") | |"
echo "| DS-CNN student alone | $(errors "$work/alone.ckpt") | $(errors "$work/alone.edm") |"
echo "| DS-CNN student distilled (T = 4, α = 0.7) | $(errors "$work/distilled.ckpt") | $(errors "$work/distilled.edm") |"
