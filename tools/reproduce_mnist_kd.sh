#!/usr/bin/env bash
# Hinton, Vinyals & Dean (2015), section 3 (MNIST), with this toolkit. An experiment, not a test.
#   teacher 784-1200-1200-10, dropout 0.5, ±2 px jitter, max-norm 3.5           (paper: 67 errors)
#   students 784-800-800-10, 784-300-300-10, 784-30-30-10 trained alone and distilled from the
#   teacher's logits at several temperatures                                     (paper: 146 → 74 for 800)
#   the omitted-class experiment: an 800 student distilled with every 3 removed from the transfer set,
#   errors on 3s before and after raising the 3's output bias                    (paper: 206 → 109 errors)
# Prints one markdown table of test errors out of 10 000 and the median epoch times.
# Every run resumes from its checkpoint, so a killed script continues where it stopped.
# Usage: tools/reproduce_mnist_kd.sh [TEACHER_EPOCHS] [STUDENT_EPOCHS] [OUTPUT_DIR]
#   env: BIAS_OFFSET (default 3.5, the paper's), TEACHER_SEED (default 7), TEACHER_OPTIMIZER (sgd, the default:
#        momentum 0.9, rate 0.1; or adam: rate 0.001), TEACHER_INPUT_DROPOUT (default 0), TEACHERS (comma-separated
#        teacher checkpoints: their ensemble, the mean of their logits, is the teacher; none is trained),
#        EDGE_DISTILL_DATA (data directory),
#        BIN (a built edge-distill), STUDENT_OPTIMIZER (sgd, the default: momentum 0.9, rate 0.05; or adam:
#        rate 0.001) for every student, alone or distilled
set -euo pipefail
cd "$(dirname "$0")/.."
teacher_epochs="${1:-200}"
student_epochs="${2:-50}"
work="${3:-.build/kd-mnist}"
bias="${BIAS_OFFSET:-3.5}"
source tools/mnist_runs.sh
case "${STUDENT_OPTIMIZER:-sgd}" in
  sgd) optimizer=(--learning-rate 0.05 --schedule cosine:0.0005 --optimizer sgd --momentum 0.9); optimizer_label="" ;;
  adam) optimizer=(--learning-rate 0.001 --schedule cosine:0.00001 --optimizer adam); optimizer_label=", Adam" ;;
  *) echo "reproduce_mnist_kd.sh: STUDENT_OPTIMIZER must be sgd or adam, got '$STUDENT_OPTIMIZER'" >&2; exit 2 ;;
esac
student=(--epochs "$student_epochs" "${optimizer[@]}" --batch-size 128 --seed 1)
if [[ -n "${TEACHERS:-}" ]]; then
  [[ -f "$work/teacher-train-logits.npy" ]] ||
    "$BIN" evaluate "$TEACHERS" --split train --save-logits "$work/teacher-train-logits.npy" >/dev/null
else
  teacher "$teacher_epochs"
fi
logits=(--teacher-logits "$work/teacher-train-logits.npy")
for units in 800 300 30; do
  run "hard-$units" train --arch "mlp:784-$units-$units-10" "${student[@]}"
done
run kd-800-T20 distill --arch "mlp:784-800-800-10" "${logits[@]}" --temperature 20 --alpha 0.9 "${student[@]}"
distill_runs() { # units:temperature pairs
  for pair in "$@"; do
    units="${pair%%:*}"; temperature="${pair##*:}"
    run "kd-$units-T$temperature" distill --arch "mlp:784-$units-$units-10" "${logits[@]}" --temperature "$temperature" --alpha 0.9 "${student[@]}"
  done
}
distill_runs 300:8 30:2.5 30:8
run kd-800-T20-no3 distill --arch "mlp:784-800-800-10" "${logits[@]}" --temperature 20 --alpha 0.9 --omit-classes 3 "${student[@]}"
distill_runs 30:4 300:20 30:20

errors() { "$BIN" evaluate "$@" 2>/dev/null | sed -n 's/.*(\([0-9]*\) errors out of.*/\1/p'; }
threes() { "$BIN" evaluate "$@" 2>/dev/null | awk '/^errors per class:/ { for (i = 1; i <= NF; i++) if ($i ~ /^3:/) { sub("3:", "", $i); print $i } }'; }
epoch_time() { grep '^epoch ' "$work/$1.log" 2>/dev/null | awk '{ for (i = 2; i <= NF; i++) if ($i == "s" && $(i-1) ~ /^[0-9.]+$/) print $(i-1) }' | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2); else printf "–" }'; }
echo
echo "| network | training | epochs | test errors / 10 000 | paper | median epoch s |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
if [[ -n "${TEACHERS:-}" ]]; then
  echo "| ensemble of $(tr ',' '\n' <<<"$TEACHERS" | wc -l) 784-1200-1200-10 teachers | mean of their logits | – | $(errors "$TEACHERS") | 67 | – |"
else
  echo "| 784-1200-1200-10 teacher | dropout 0.5$([[ "${TEACHER_INPUT_DROPOUT:-0}" == 0 ]] || echo ", input dropout $TEACHER_INPUT_DROPOUT"), ±2 px jitter, max-norm 3.5, seed ${TEACHER_SEED:-7}$([[ "${TEACHER_OPTIMIZER:-sgd}" == adam ]] && echo ", Adam") | $teacher_epochs | $(errors "$work/teacher.ckpt") | 67 | $(epoch_time teacher) |"
fi
declare -A paper=([hard-800]=146 [kd-800-T20]=74)
for units in 800 300 30; do
  echo "| 784-$units-$units-10 | hard labels only$optimizer_label | $student_epochs | $(errors "$work/hard-$units.ckpt") | ${paper[hard-$units]:-–} | $(epoch_time hard-$units) |"
  for name in $(ls "$work" | grep -E "^kd-$units-T[0-9.]+\.done$" | sed 's/\.done$//' | sort -t T -k2 -g); do
    temperature="${name##*-T}"
    echo "| 784-$units-$units-10 | distilled, T = $temperature, α = 0.9$optimizer_label | $student_epochs | $(errors "$work/$name.ckpt") | ${paper[$name]:-–} | $(epoch_time "$name") |"
  done
done
no3="$work/kd-800-T20-no3.ckpt"
echo "| 784-800-800-10, no 3s in the transfer set | distilled, T = 20$optimizer_label | $student_epochs | $(errors "$no3") (3s: $(threes "$no3")) | 206 (3s: 133) | $(epoch_time kd-800-T20-no3) |"
echo "| the same, 3's bias raised by $bias | evaluation only | – | $(errors "$no3" --raise-bias "3:$bias") (3s: $(threes "$no3" --raise-bias "3:$bias")) | 109 (3s: 14) | – |"
