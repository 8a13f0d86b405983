#!/usr/bin/env bash
# Issue 20, item 1: Hinton et al.'s specialists (section 5) on MNIST and on the Free Spoken Digits.
# Generalists: MNIST, the DS-CNN trained alone by tools/mnist_cnn_student.sh (its WORK folder; trained
# here with that recipe if missing, about 15 minutes); FSDD, the speaker-split teacher recipe of
# tools/fsdd_speaker_splits.sh with one speaker held out (the standard split leaves the teacher one
# error, nothing for a specialist to fix). Prints one table per run (errors on each specialist's
# classes, where a specialist was active, and overall; generalist alone and with specialists).
#   tools/specialists.sh [mnist] [george] [nicolas] ...   (default: mnist george nicolas)
# env: EDGE_DISTILL_DATA, BIN (a built edge-distill), WORK (default .build/specialists),
#      MNIST_WORK (default .build/mnist-cnn), TOP (default 2: the generalist's two most probable classes choose the specialists)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/specialists}"
mnist_work="${MNIST_WORK:-.build/mnist-cnn}"
top="${TOP:-2}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(mnist george nicolas)
for run in "${runs[@]}"; do
  if [[ "$run" == mnist ]]; then
    student="cnn:28x28x1-c24k3s2-dw3-c48k1-dw3s2-c64k1-dw3-c96k1-gap-10,bn"
    [ -f "$mnist_work/alone.ckpt" ] || "$BIN" train --arch "$student" --epochs 30 --optimizer adam --learning-rate 0.002 \
      --schedule cosine:0.00002 --batch-size 128 --jitter 2 --seed 1 --checkpoint "$mnist_work/alone.ckpt" >&2
    echo "## MNIST, generalist: the DS-CNN trained alone ($mnist_work/alone.ckpt)"
    "$BIN" specialists "$mnist_work/alone.ckpt" --data mnist --jitter 2 --top "$top"
  else
    data="fsdd-without-$run"
    teacher="cnn:49x10x1-c32k3-c32k3-p2-c64k3-c64k3-gap-11,bn,dropout=0.2"
    [ -f "$work/$run.ckpt" ] || "$BIN" train --data "$data" --arch "$teacher" --epochs 30 --optimizer adam --learning-rate 0.003 \
      --schedule cosine:0.00003 --batch-size 64 --jitter 10 --seed 1 --checkpoint "$work/$run.ckpt" >&2
    echo "## FSDD, $run held out, generalist: the speaker-split teacher ($work/$run.ckpt)"
    "$BIN" specialists "$work/$run.ckpt" --data "$data" --jitter 10 --top "$top"
  fi
  echo
done
