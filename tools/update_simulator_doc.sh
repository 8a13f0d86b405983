#!/usr/bin/env bash
# Regenerates the leave-one-out tables of docs/SIMULATOR.md (between the calibrate markers) from
# `edge-distill calibrate`, which imports the four MLPerf Tiny models from ../shared and fits the
# cost model to the published latencies. Writes the document atomically.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product edge-distill >/dev/null
tables="$(mktemp)"
trap 'rm -f "$tables"' EXIT
"$root/.build/debug/edge-distill" calibrate --conformance "${1:-$root/../shared/conformance/mlperf-tiny}" > "$tables"
doc="docs/SIMULATOR.md"
python3 - "$doc" "$tables" <<'PY'
import os, sys
doc, tables = sys.argv[1], sys.argv[2]
text = open(doc).read()
begin, end = "<!-- calibrate:begin -->", "<!-- calibrate:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
new = head + begin + "\n" + open(tables).read().rstrip() + "\n" + end + tail
tmp = doc + ".tmp"
open(tmp, "w").write(new)
os.replace(tmp, doc)
PY
echo "updated $doc"
