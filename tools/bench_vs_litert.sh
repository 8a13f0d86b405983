#!/usr/bin/env bash
# Per-inference latency, one thread: EdgeDistill's runtime (`edge-distill bench`, release build, with the
# fastest kernels this CPU supports, with the AVX2 ones where those are faster, and with the portable ones) beside LiteRT (XNNPACK and its builtin
# optimized kernels, timed right after EdgeDistill on each model), in interleaved rounds in the same run, on the four MLPerf Tiny models and the
# zoo models the converter made. Prints one markdown table of medians of round medians.
# Needs a Python venv with ai-edge-litert and numpy:
#   python3 -m venv /tmp/litert-venv && /tmp/litert-venv/bin/pip install ai-edge-litert numpy
# Usage: tools/bench_vs_litert.sh [SHARED_DIR] [VENV_PYTHON] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
python=${2:-/tmp/litert-venv/bin/python}
rounds=${3:-5}
mlperf="$shared/conformance/mlperf-tiny"
zoo="$shared/conformance/zoo"
[ -d "$mlperf" ] || { echo "bench_vs_litert: $mlperf not found" >&2; exit 1; }
[ -x "$python" ] || { echo "bench_vs_litert: $python not found; see the comment at the top of this script" >&2; exit 1; }
swift build -c release --product edge-distill >&2
bin=$(swift build -c release --show-bin-path)/edge-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/models"
for name in kws_ref_model resnet8_cifar10_int8 vww_96_int8 ad01_int8; do ln -s "$(cd "$mlperf" && pwd)/$name.tflite" "$work/models/$name.tflite"; done
if [ -d "$zoo" ]; then
    for folder in "$zoo"/*/; do
        name=$(basename "$folder")
        [ -f "$folder/model.tflite" ] && ln -s "$(cd "$folder" && pwd)/model.tflite" "$work/models/$name.tflite"
    done
fi
names=()
for file in "$work"/models/*.tflite; do
    name=$(basename "$file" .tflite)
    if "$bin" import "$file" -o "$work/$name.edm" >/dev/null 2>&1; then names+=("$name"); fi
done
echo "kernels: $("$bin" bench "$work/${names[0]}.edm" --iterations 1 --warmup 0 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["kernels"])')" >&2
kernel_sets="auto portable"
if [ "$(uname -m)" = x86_64 ]; then kernel_sets="auto avx2 portable"; fi
# `bench` warms up for at least half a second (a process's first few hundred milliseconds run slower
# on a VM); LiteRT's process imports for a second and warms each resolver up 100 times before timing.
# Each model's LiteRT timing runs right after EdgeDistill's on the same model (one folder per model),
# so that the two sides of a ratio are measured seconds apart: a shared VM's speed changes over
# tens of seconds, by up to a third, and a whole round of one side can land in a slow phase.
for name in "${names[@]}"; do mkdir "$work/$name.dir" && ln -s "$(readlink -f "$work/models/$name.tflite")" "$work/$name.dir/$name.tflite"; done
for round in $(seq "$rounds"); do
    echo "round $round of $rounds" >&2
    for name in "${names[@]}"; do
        for kernels in $kernel_sets; do
            "$bin" bench "$work/$name.edm" --iterations 100 --warmup 10 --kernels $kernels --json |
                python3 -c "import json,sys; print('$name', '$kernels', json.load(sys.stdin)['medianMicroseconds'])" >> "$work/edge.txt"
            if [ "$kernels" = auto ]; then
                "$python" "$mlperf/litert_bench.py" --models "$work/$name.dir" --rounds 1 --iters 100 --warmup 100 --no-tflm \
                    --md "$work/litert_${round}_$name.md" >/dev/null 2>&1
            fi
        done
    done
done
python3 - "$work" <<'PY'
import glob, statistics, sys, collections
work = sys.argv[1]
edge = collections.defaultdict(list)
for line in open(f"{work}/edge.txt"):
    name, kernels, value = line.split()
    edge[(name, kernels)].append(float(value))
peers = collections.defaultdict(list)
for path in glob.glob(f"{work}/litert_*.md"):
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 4:
            try:
                peers[(cells[0], cells[1])].append(float(cells[2]))
            except ValueError:
                pass
columns = [("LiteRT default (AUTO: optimized+XNNPACK)", "LiteRT XNNPACK"), ("LiteRT BUILTIN_WITHOUT_DEFAULT_DELEGATES", "LiteRT builtin")]
names = sorted({name for name, _ in edge}, key=lambda n: (n not in ("kws_ref_model", "resnet8_cifar10_int8", "vww_96_int8", "ad01_int8"), n))
avx2 = any((name, "avx2") in edge for name in names)
print("| model | EdgeDistill (us) | " + ("EdgeDistill AVX2 (us) | " if avx2 else "") + "EdgeDistill portable (us) | "
      + " | ".join(label for _, label in columns) + " |")
print("|---|---:|---:|" + ("---:|" if avx2 else "") + "---:|" * len(columns))
for name in names:
    ours = statistics.median(edge[(name, "auto")])
    portable = statistics.median(edge[(name, "portable")])
    second = f"{statistics.median(edge[(name, 'avx2')]):.1f} | " if avx2 else ""
    cells = []
    for key, _ in columns:
        values = peers.get((name, key))
        cells.append(f"{statistics.median(values):.1f} ({ours / statistics.median(values):.2f}x)" if values else "-")
    print(f"| {name} | {ours:.1f} | {second}{portable:.1f} | " + " | ".join(cells) + " |")
print("\n(xN) = EdgeDistill median / peer median; below 1 means EdgeDistill is faster. Medians of per-round medians.")
PY
