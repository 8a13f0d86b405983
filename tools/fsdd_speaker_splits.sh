#!/usr/bin/env bash
# Leave one speaker out on the Free Spoken Digits: for each of the six speakers, the keyword
# student's recipe (tools/rebuild_speaker_student.sh) trained on the other five — the teacher, the
# student alone and the student distilled — and the int8 models evaluated by the runtime on the
# held-out speaker's 500 recordings. Prints a Markdown table (about 8 minutes per speaker on 2 cores).
#   tools/fsdd_speaker_splits.sh [SPEAKER...]   (default: all six)
# env: EDGE_DISTILL_DATA (data directory), BIN (a built edge-distill), WORK (default .build/speaker-splits).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/speaker-splits}"
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then swift build -c release --product edge-distill >&2; BIN=.build/release/edge-distill; fi
mkdir -p "$work"
speakers=("$@")
[ ${#speakers[@]} -gt 0 ] || speakers=(george jackson lucas nicolas theo yweweler)
teacher="cnn:49x10x1-c32k3-c32k3-p2-c64k3-c64k3-gap-11,bn,dropout=0.2"
student="cnn:49x10x1-c32k3s2-dw3-c64k1-dw3-c64k1-gap-11,bn"
schedule=(--optimizer adam --learning-rate 0.003 --schedule cosine:0.00003 --batch-size 64 --jitter 10 --seed 1)
accuracy() { "$BIN" evaluate "$1" --data "$2" --json 2>/dev/null | sed -E 's/.*"accuracy":([0-9.e-]+).*/\1/' | awk '{ printf "%.1f %%", 100 * $1 }'; }
rows=()
for speaker in "${speakers[@]}"; do
  data="fsdd-without-$speaker"
  w="$work/$speaker"
  mkdir -p "$w"
  [ -f "$w/teacher.ckpt" ] || "$BIN" train --data "$data" --arch "$teacher" --epochs 30 "${schedule[@]}" --checkpoint "$w/teacher.ckpt" >&2
  [ -f "$w/alone.ckpt" ] || "$BIN" train --data "$data" --arch "$student" --epochs 80 "${schedule[@]}" --checkpoint "$w/alone.ckpt" >&2
  [ -f "$w/distilled.ckpt" ] || "$BIN" distill --data "$data" --arch "$student" --epochs 80 "${schedule[@]}" --teacher "$w/teacher.ckpt" \
    --temperature 4 --alpha 0.7 --checkpoint "$w/distilled.ckpt" >&2
  for m in alone distilled; do
    "$BIN" quantize "$w/$m.ckpt" -o "$w/$m.edm" --data "$data" --softmax --calibration-samples 3000 >&2
  done
  rows+=("| $speaker | $(accuracy "$w/teacher.ckpt" "$data") | $(accuracy "$w/alone.edm" "$data") | $(accuracy "$w/distilled.edm" "$data") |")
done
echo "| held-out speaker | teacher (float) | student alone (int8) | student distilled (int8) |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
