#!/usr/bin/env bash
# Memory regions, end to end (docs/SIMULATOR.md "Memory regions"): an int8 MobileNetV2 (alpha 0.35)
# at 224x224 made by the TF Lite converter (tools/make_large_mobilenet.py, seeded random weights),
# whose 735 KiB arena fits no single on-chip SRAM region of the robot-mcu-m7 profile (STM32H743:
# DTCM 128 KiB, AXI SRAM 512 KiB, SRAM1-3 288 KiB, PSRAM 8 MiB). Prints the simulator's latency with
# the arena planned across the regions (what `place` writes), with everything in PSRAM, and runs the
# placed file as Cortex-M7 firmware under QEMU, bit-exact with the host, one arena per region.
# Usage: tools/region_example.sh [WORKDIR]   (needs tensorflow-cpu==2.21 for the converter — set
# PYTHON to an interpreter that has it — and qemu-system-arm + the Arm GNU toolchain for the run;
# about 5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/edge-distill-regions}
python=${PYTHON:-python3}
mkdir -p "$work"
if [ -n "${EDGE_DISTILL_BIN:-}" ]; then
    bin=$EDGE_DISTILL_BIN
else
    swift build -c release --product edge-distill >&2
    bin=$(swift build -c release --show-bin-path)/edge-distill
fi
[ -f "$work/mobilenet_v2_035_224.tflite" ] || "$python" tools/make_large_mobilenet.py "$work/mobilenet_v2_035_224.tflite"
rm -f "$work/mobilenet.edm" "$work/mobilenet-placed.edm"
"$bin" import "$work/mobilenet_v2_035_224.tflite" -o "$work/mobilenet.edm"
"$bin" place "$work/mobilenet.edm" --device robot-mcu-m7 -o "$work/mobilenet-placed.edm"
summary=$(cat <<'PY'
import json, sys
s = json.load(sys.stdin)["simulations"][0]
regions = [r for r in s["memory"]["regions"]["regions"] if r["arenaBytes"]]
used = ", ".join("%s %d KiB" % (r["name"], r["arenaBytes"] // 1024) for r in regions)
failure = s["memory"]["regions"].get("failure")
print("%8.1f ms  %s  %s" % (s["latencyMilliseconds"], "PASS" if s["passes"] else "FAIL", "arena: " + used if used else failure))
PY
)
latency() { "$bin" simulate "$@" --device robot-mcu-m7 --json | "$python" -c "$summary"; }
echo
arena=$("$bin" simulate "$work/mobilenet.edm" --device robot-mcu-m7 --json | "$python" -c 'import json, sys; print(json.load(sys.stdin)["workload"]["arenaBytes"])')
echo "robot-mcu-m7, EdgeDistill runtime, MobileNetV2 0.35 at 224x224 (a $arena B arena as one region):"
echo "  planned across the regions (place)   $(latency "$work/mobilenet-placed.edm")"
echo "  whole arena in PSRAM (--regions)     $(latency "$work/mobilenet.edm" --regions PSRAM)"
echo "  whole arena in AXI SRAM (--regions)  $(latency "$work/mobilenet.edm" --regions AXI-SRAM)"
echo
"$bin" simulate "$work/mobilenet-placed.edm" --device robot-mcu-m7 --emulate | grep -E "bit-exact|invoke\(\)|cycles \(model\)|memory regions|arena"
