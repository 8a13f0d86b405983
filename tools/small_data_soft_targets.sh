#!/usr/bin/env bash
# Soft targets as a regulariser (Hinton et al., section 6 and table 5: the speech model on 3 % of its
# data): the same network trained on a random 3 % of the training split with hard labels, and with a
# teacher's soft targets (the teacher trained on all of it), against the teacher itself (the same or
# a bigger network on 100 %). MNIST and the Free Spoken Digits; writes train/test curves as SVG.
#   tools/small_data_soft_targets.sh [mnist|fsdd|all]   (about 15 minutes for MNIST, 5 for FSDD, on 2 cores)
# env: EDGE_DISTILL_DATA, BIN (a built edge-distill), WORK (default .build/small-data), FIGURES (default docs/figures)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
work="${WORK:-.build/small-data}"
figures="${FIGURES:-docs/figures}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work" "$figures"
accuracy() { "$BIN" evaluate "$1" --data "$2" --json 2>/dev/null | sed -E 's/.*"accuracy":([0-9.e-]+).*"errors":([0-9]+).*/\1 \2/' | awk '{ printf "%.2f %% (%d error%s)", 100 * $1, $2, $2 == 1 ? "" : "s" }'; }
run() { # dataset, teacher arch, teacher flags (string), student arch, student epochs, shared flags (string)
  local data="$1" teacher="$2" teacherFlags="$3" student="$4" epochs="$5" shared="$6"
  # shellcheck disable=SC2086
  [ -f "$work/$data-teacher.ckpt" ] || "$BIN" train --data "$data" --arch "$teacher" $teacherFlags --checkpoint "$work/$data-teacher.ckpt" \
    --curves "$figures/$data-full-data.svg" >&2
  # shellcheck disable=SC2086
  [ -f "$work/$data-3-hard.ckpt" ] || "$BIN" train --data "$data" --arch "$student" --epochs "$epochs" $shared --transfer-fraction 0.03 \
    --checkpoint "$work/$data-3-hard.ckpt" --curves "$figures/$data-3-percent-hard.svg" >&2
  # shellcheck disable=SC2086
  [ -f "$work/$data-3-soft.ckpt" ] || "$BIN" distill --data "$data" --arch "$student" --epochs "$epochs" $shared --transfer-fraction 0.03 \
    --teacher "$work/$data-teacher.ckpt" --temperature 4 --alpha 0.9 --checkpoint "$work/$data-3-soft.ckpt" \
    --curves "$figures/$data-3-percent-soft.svg" >&2
  echo "| $data | 100 % of the training split, hard labels (the teacher) | $(accuracy "$work/$data-teacher.ckpt" "$data") |"
  echo "| $data | 3 %, hard labels | $(accuracy "$work/$data-3-hard.ckpt" "$data") |"
  echo "| $data | 3 %, soft targets of the teacher (T = 4, α = 0.9) | $(accuracy "$work/$data-3-soft.ckpt" "$data") |"
}
echo "| data | training | test accuracy (float) |"
echo "|---|---|---:|"
if [[ "$which" == all || "$which" == mnist ]]; then
  run mnist mlp:784-800-800-10 "--epochs 20 --optimizer adam --learning-rate 0.001 --schedule cosine:0.00001 --batch-size 128 --jitter 2 --seed 1" \
    mlp:784-800-800-10 200 "--optimizer adam --learning-rate 0.001 --schedule cosine:0.00001 --batch-size 64 --seed 1"
fi
if [[ "$which" == all || "$which" == fsdd ]]; then
  run fsdd "cnn:49x10x1-c32k3-c32k3-p2-c64k3-c64k3-gap-11,bn,dropout=0.2" \
    "--epochs 30 --optimizer adam --learning-rate 0.003 --schedule cosine:0.00003 --batch-size 64 --jitter 10 --seed 1" \
    "cnn:49x10x1-c32k3-c32k3-p2-c64k3-c64k3-gap-11,bn,dropout=0.2" 300 "--optimizer adam --learning-rate 0.003 --schedule cosine:0.00003 --batch-size 16 --seed 1"
fi
