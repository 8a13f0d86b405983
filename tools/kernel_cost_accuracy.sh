#!/usr/bin/env bash
# How well `simulate` (the fitted kernel-cost model) predicts what `simulate --emulate` counts, on
# converter-produced models the fit never saw: each .tflite under the given folders (default: the
# zoo and MLPerf Tiny models of ../shared) is emulated on each device with `--emulate --json`, bit-exact
# with the host checked, and the predicted total is compared with the counted one.
# The prediction is `simulate --json` (no emulation), so a re-fit is checked again in seconds when the
# emulated counts are kept: --keep DIR stores them and reuses those already there.
# Usage: tools/kernel_cost_accuracy.sh [--devices D1,D2] [--keep DIR] [MODEL.tflite|FOLDER ...]
set -euo pipefail
cd "$(dirname "$0")/.."
devices=speaker-wakeword-m4f,phone-little-a55,phone-big-a76
keep=
while [ $# -gt 0 ]; do
    case $1 in
        --devices) devices=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        *) break ;;
    esac
done
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/conformance/zoo ../shared/conformance/mlperf-tiny)
models=()
for input in "${inputs[@]}"; do
    if [ -d "$input" ]; then
        while IFS= read -r file; do models+=("$file"); done < <(find "$input" -name '*.tflite' | sort)
    elif [ -f "$input" ]; then models+=("$input")
    else echo "kernel_cost_accuracy: $input not found" >&2; exit 1
    fi
done
[ ${#models[@]} -gt 0 ] || { echo "kernel_cost_accuracy: no .tflite models found" >&2; exit 1; }
if [ -n "${EDGE_DISTILL_BIN:-}" ]; then
    bin=$EDGE_DISTILL_BIN
else
    swift build -c release --product edge-distill >&2
    bin=$(swift build -c release --show-bin-path)/edge-distill
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] || keep=$work/emulated
mkdir -p "$keep"
IFS=, read -r -a device_list <<<"$devices"
for device in "${device_list[@]}"; do
    for model in "${models[@]}"; do
        name=$(basename "$(dirname "$model")")
        [ "$name" = mlperf-tiny ] && name=$(basename "$model" .tflite)
        emulated="$keep/$device-$name.json"
        if [ ! -s "$emulated" ]; then
            if ! "$bin" simulate "$model" --device "$device" --emulate --json > "$emulated.part" 2> "$work/err"; then
                echo "{\"failed\": \"$(tail -1 "$work/err")\", \"model\": \"$name\", \"device\": \"$device\"}" > "$emulated.part"
            fi
            mv "$emulated.part" "$emulated"
        fi
        predicted="$work/$device-$name.predicted.json"
        "$bin" simulate "$model" --device "$device" --json > "$predicted" 2> "$work/err" || echo '{}' > "$predicted"
        echo "$name $device $emulated $predicted"
    done
done > "$work/list"
python3 - "$work/list" <<'PY'
import json, statistics, sys
rows = []
for line in open(sys.argv[1]):
    name, device, emulated, predicted = line.split()
    r = json.load(open(emulated))
    r["model"], r["device"] = name, device
    layers = json.load(open(predicted)).get("simulations", [{}])[0].get("latency", {}).get("layers", [])
    counts = [layer.get("predictedInstructions") for layer in layers]
    r["predicted"] = sum(counts) if counts and None not in counts else None
    rows.append(r)
print("| device | build | model | emulated instructions | predicted | error |")
print("|---|---|---|---:|---:|---:|")
by_device = {}
for r in rows:
    if "failed" in r:
        print(f"| {r['device']} | | {r['model']} | failed: {r['failed']} | | |")
        continue
    error = r["predicted"] / r["emulatedInstructions"] - 1 if r["predicted"] is not None else None
    by_device.setdefault(r["device"], []).append(abs(error) if error is not None else float("inf"))
    predicted = f"{r['predicted']:,}" if r["predicted"] is not None else "–"
    shown = f"{100 * error:+.1f} %" if error is not None else "–"
    print(f"| {r['device']} | {r.get('fittedBuild') or '–'} | {r['model']} | {r['emulatedInstructions']:,} | {predicted} | {shown} |")
print()
for device, errors in by_device.items():
    print(f"{device}: median |error| {100 * statistics.median(errors):.1f} %, largest {100 * max(errors):.1f} % over {len(errors)} models")
PY
