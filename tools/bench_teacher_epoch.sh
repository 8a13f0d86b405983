#!/usr/bin/env bash
# Epoch time of the MNIST teacher 784-1200-1200-10 (dropout 0.2/0.5, ±2 px jitter, batch 128),
# a benchmark, not a test. Builds a release edge-distill with FMA and the host CPU's instructions,
# trains EPOCHS epochs (default 3) and prints a table and the median epoch time.
# Usage: tools/bench_teacher_epoch.sh [EPOCHS] [--no-fma]     (env: EDGE_DISTILL_DATA, EDGE_DISTILL_THREADS)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-3}"
flags=(-Xswiftc -Ounchecked -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DEDGE_DISTILL_FMA)
[[ "${2:-}" == "--no-fma" ]] && flags=(-Xswiftc -Ounchecked)
scratch=.build/bench
swift build -c release --product edge-distill --scratch-path "$scratch" "${flags[@]}" >&2
binary="$scratch/release/edge-distill"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
arch="mlp:784-1200-1200-10,dropout=0.5,input-dropout=0.2"
command=("$binary" train --arch "$arch" --epochs "$epochs" --batch-size 128 --jitter 2 --max-norm 3.5
         --optimizer sgd --learning-rate 0.1 --momentum 0.9 --schedule "cosine:0.001" --seed 1
         --checkpoint "$work/teacher.ckpt" --curves "$work/curves.svg" --time-split)
echo "command: ${command[*]}" >&2
"${command[@]}" 2> >(tee "$work/progress.txt" >&2) | tee "$work/result.txt"
echo
echo "| epoch | train s | samples/s | train acc | test acc |"
echo "| ---: | ---: | ---: | ---: | ---: |"
grep '^epoch ' "$work/progress.txt" | awk '{
  split($2, e, "/"); for (i = 1; i <= NF; i++) { if ($i == "s" && $(i-1) ~ /^[0-9.]+$/) t = $(i-1); if ($(i) == "samples/s") r = $(i-1); if ($i == "train") a = $(i+1); if ($i == "test") b = $(i+1) }
  printf "| %s | %s | %s | %s | %s |\n", e[1], t, r, a, b }'
grep '^epoch ' "$work/progress.txt" | awk '{ for (i = 1; i <= NF; i++) if ($i == "s" && $(i-1) ~ /^[0-9.]+$/) print $(i-1) }' | sort -n |
  awk '{ v[NR] = $1 } END { printf "median epoch time: %.2f s over %d epochs (threads: %s)\n", (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), NR, ENVIRON["EDGE_DISTILL_THREADS"] ? ENVIRON["EDGE_DISTILL_THREADS"] : "all cores" }'
