#!/usr/bin/env bash
# Per-inference latency of the four MLPerf Tiny models: EdgeDistill's runtime (`edge-distill bench`,
# release build) beside LiteRT's resolvers and TFLM's Python interpreter, measured in the same run.
# Needs a Python venv with ai-edge-litert, numpy and tflite-micro:
#   python3 -m venv /tmp/litert-venv && /tmp/litert-venv/bin/pip install ai-edge-litert numpy tflite-micro
# Usage: tools/bench_vs_litert.sh [SHARED_DIR] [VENV_PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
python=${2:-/tmp/litert-venv/bin/python}
models="$shared/conformance/mlperf-tiny"
[ -d "$models" ] || { echo "bench_vs_litert: $models not found" >&2; exit 1; }
[ -x "$python" ] || { echo "bench_vs_litert: $python not found; see the comment at the top of this script" >&2; exit 1; }
swift build -c release --product edge-distill >&2
bin=$(swift build -c release --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in kws_ref_model resnet8_cifar10_int8 vww_96_int8 ad01_int8; do
    "$bin" import "$models/$name.tflite" -o "$work/$name.edm" >/dev/null
done
# Interleave: EdgeDistill round, LiteRT round, three times; report the median of the round medians.
for round in 1 2 3; do
    for name in kws_ref_model resnet8_cifar10_int8 vww_96_int8 ad01_int8; do
        "$bin" bench "$work/$name.edm" --iterations 100 --warmup 10 --json |
            python3 -c "import json,sys; print('$name', json.load(sys.stdin)['medianMicroseconds'])" >> "$work/edge.txt"
    done
    "$python" "$models/litert_bench.py" --models "$models" --rounds 1 --iters 100 --warmup 10 --md "$work/litert_$round.md" >/dev/null 2>&1
done
python3 - "$work" <<'PY'
import glob, re, statistics, sys, collections
work = sys.argv[1]
edge = collections.defaultdict(list)
for line in open(f"{work}/edge.txt"):
    name, value = line.split()
    edge[name].append(float(value))
peers = collections.defaultdict(list)
for path in glob.glob(f"{work}/litert_*.md"):
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 4 and cells[0] in edge:
            try:
                peers[(cells[0], cells[1])].append(float(cells[2]))
            except ValueError:
                pass
print("| model | EdgeDistill (us) | " + " | ".join(sorted({k[1] for k in peers})) + " |")
columns = sorted({k[1] for k in peers})
print("|---|---:|" + "---:|" * len(columns))
for name in edge:
    ours = statistics.median(edge[name])
    cells = []
    for column in columns:
        values = peers.get((name, column))
        cells.append(f"{statistics.median(values):.1f} ({ours / statistics.median(values):.2f}x)" if values else "-")
    print(f"| {name} | {ours:.1f} | " + " | ".join(cells) + " |")
print("\n(xN) = EdgeDistill median / peer median; below 1 means EdgeDistill is faster.")
PY
