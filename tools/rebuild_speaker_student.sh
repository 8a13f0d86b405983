#!/usr/bin/env bash
# Rebuilds the shipped smart-speaker keyword student in models/fsdd-keyword-student from the Free
# Spoken Digit data, end to end (about ten minutes on two cores), and rewrites its model card:
#   tools/rebuild_speaker_student.sh            # the official split (repetitions 0–4 test)
# A teacher CNN (66 K parameters) is trained on the MFCCs (11 classes: ten digits and background),
# then the DS-CNN student (a strided 3×3 convolution, two depthwise-separable blocks, global
# average pooling: 8,267 parameters, 0.91 M MACs) twice from the same seed: alone on the labels and
# distilled from the teacher (T = 4, α = 0.7). The distilled one is quantized with a softmax (int8
# probabilities, what `listen` smooths) and shipped with its front-end file (.edfe); both students'
# int8 errors are printed. Streams: `edge-distill listen models/fsdd-keyword-student/fsdd-keyword-student.edm --data fsdd`.
# env: EDGE_DISTILL_DATA (data directory), BIN (a built edge-distill), WORK (default .build/speaker).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/speaker}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
name=fsdd-keyword-student
folder="models/$name"
teacher="cnn:49x10x1-c32k3-c32k3-p2-c64k3-c64k3-gap-11,bn,dropout=0.2"
student="cnn:49x10x1-c32k3s2-dw3-c64k1-dw3-c64k1-gap-11,bn"
schedule=(--optimizer adam --learning-rate 0.003 --schedule cosine:0.00003 --batch-size 64 --jitter 10 --seed 1)
quantize=(--data fsdd --softmax --calibration-samples 3000)
mkdir -p "$folder"
"$BIN" train --data fsdd --arch "$teacher" --epochs 30 "${schedule[@]}" --checkpoint "$work/teacher.ckpt"
"$BIN" train --data fsdd --arch "$student" --epochs 80 "${schedule[@]}" --checkpoint "$work/alone.ckpt"
"$BIN" distill --data fsdd --arch "$student" --epochs 80 "${schedule[@]}" --teacher "$work/teacher.ckpt" --temperature 4 --alpha 0.7 \
  --checkpoint "$work/$name.ckpt"
"$BIN" quantize "$work/alone.ckpt" -o "$work/alone.edm" "${quantize[@]}"
"$BIN" quantize "$work/$name.ckpt" -o "$folder/$name.edm" "${quantize[@]}"
cat > "$folder/recipe.txt" <<RECIPE
Rebuild: tools/rebuild_speaker_student.sh   (WORK=.build/speaker)

# the teacher: a plain CNN on the MFCCs (time shifts of up to ±10 frames)
edge-distill train --data fsdd --arch $teacher --epochs 30 ${schedule[*]} --checkpoint teacher.ckpt
# the same student alone, for comparison (not shipped)
edge-distill train --data fsdd --arch $student --epochs 80 ${schedule[*]} --checkpoint alone.ckpt
# the student, distilled
edge-distill distill --data fsdd --arch $student --epochs 80 ${schedule[*]} --teacher teacher.ckpt --temperature 4 --alpha 0.7 --checkpoint $name.ckpt
edge-distill quantize $name.ckpt -o $name.edm ${quantize[*]}
edge-distill export $name.edm --checkpoint $name.ckpt --teacher teacher.ckpt --data fsdd   # also writes $name.edfe
edge-distill evaluate $name.edm --data fsdd --json
edge-distill listen $name.edm --data fsdd
RECIPE
"$BIN" export "$folder/$name.edm" --checkpoint "$work/$name.ckpt" --teacher "$work/teacher.ckpt" --data fsdd \
  --recipe "$folder/recipe.txt" --card "$folder/$name.md" --header "$work/$name.h"
echo "alone, int8:     $("$BIN" evaluate "$work/alone.edm" --data fsdd --json)"
echo "distilled, int8: $("$BIN" evaluate "$folder/$name.edm" --data fsdd --json)"
"$BIN" listen "$folder/$name.edm" --data fsdd | tail -1
