#!/usr/bin/env bash
# Hinton, Vinyals & Dean (2015), section 3 (MNIST), with this toolkit: a regularised teacher, a small
# student trained on hard labels, and the same student distilled from the teacher at T = 20.
# Prints a table of test errors out of 10 000. A benchmark/experiment, not a test.
# Usage: tools/reproduce_mnist_kd.sh [TEACHER_EPOCHS] [STUDENT_EPOCHS] [OUTPUT_DIR]
#   (paper reference: teacher 67 errors, student 146 without and 74 with distillation)
set -euo pipefail
cd "$(dirname "$0")/.."
teacher_epochs="${1:-20}"
student_epochs="${2:-20}"
out="${3:-.build/kd-mnist}"
mkdir -p "$out"
swift build -c release --product edge-distill --scratch-path .build/bench \
  -Xswiftc -Ounchecked -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DEDGE_DISTILL_FMA >&2
bin=.build/bench/release/edge-distill
teacher="mlp:784-1200-1200-10,dropout=0.5,input-dropout=0.2"
student="mlp:784-800-800-10"
common=(--batch-size 128 --optimizer sgd --momentum 0.9 --seed 1)
if [[ ! -f "$out/teacher.done" ]]; then
  "$bin" train --arch "$teacher" --epochs "$teacher_epochs" --jitter 2 --max-norm 3.5 --learning-rate 0.1 \
    --schedule cosine:0.001 "${common[@]}" --checkpoint "$out/teacher.ckpt" --curves "$out/teacher.svg" --resume
  touch "$out/teacher.done"
fi
"$bin" train --arch "$student" --epochs "$student_epochs" --learning-rate 0.05 --schedule cosine:0.0005 \
  "${common[@]}" --checkpoint "$out/student-hard.ckpt" --curves "$out/student-hard.svg" --resume
"$bin" distill --arch "$student" --teacher "$out/teacher.ckpt" --temperature 20 --alpha 0.9 \
  --epochs "$student_epochs" --learning-rate 0.05 --schedule cosine:0.0005 "${common[@]}" \
  --checkpoint "$out/student-kd.ckpt" --curves "$out/student-kd.svg" --resume
errors() { "$bin" evaluate "$1" 2>/dev/null | awk '/accuracy/ { sub("%", "", $4); printf "%d", (100 - $4) * 100 + 0.5 }'; }
echo
echo "| network | epochs | test errors / 10000 | paper |"
echo "| --- | ---: | ---: | ---: |"
echo "| teacher 784-1200-1200-10, dropout, ±2 px jitter | $teacher_epochs | $(errors "$out/teacher.ckpt") | 67 |"
echo "| student 784-800-800-10, hard labels | $student_epochs | $(errors "$out/student-hard.ckpt") | 146 |"
echo "| student 784-800-800-10, distilled T=20, α=0.9 | $student_epochs | $(errors "$out/student-kd.ckpt") | 74 |"
