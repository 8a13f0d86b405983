#!/usr/bin/env bash
# Renders a firmware-sim HTML report and screenshots it with headless Chromium, so a person (or a
# review) can see the two charts: per-layer latency and the arena over time.
#
#   tools/screenshot_report.sh [MODEL.edm|MODEL.tflite] [OUT.png] [extra simulate flags...]
#
# Defaults: the MLPerf Tiny VWW model from ../shared, --device all, OUT = report.png.
# Uses the binary in $EDGE_DISTILL, else the newest of .build/release/edge-distill and
# .build/debug/edge-distill; only when neither exists does it build one (release, once).
# Needs Debian's chromium (apt-get install chromium); swift test runs it with a stand-in browser.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:-$root/../shared/conformance/mlperf-tiny/vww_96_int8.tflite}"
png="${2:-report.png}"
shift $(( $# > 2 ? 2 : $# )) || true
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "screenshot_report.sh: chromium not found (apt-get install chromium)" >&2; exit 1; }
cd "$root"
binary="${EDGE_DISTILL:-}"
if [ -z "$binary" ]; then
    for candidate in "$root/.build/release/edge-distill" "$root/.build/debug/edge-distill"; do
        [ -x "$candidate" ] && { [ -z "$binary" ] || [ "$candidate" -nt "$binary" ]; } && binary="$candidate"
    done
fi
if [ -z "$binary" ]; then
    echo "screenshot_report.sh: no edge-distill built yet; building the release binary once" >&2
    swift build -c release --product edge-distill >/dev/null
    binary="$root/.build/release/edge-distill"
fi
[ -x "$binary" ] || { echo "screenshot_report.sh: $binary is not an executable (EDGE_DISTILL)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
html="$work/report.html"
if [ "$#" -gt 0 ]; then extra=("$@"); else extra=(--device all); fi
"$binary" simulate "$model" "${extra[@]}" --report "$html" >/dev/null
grep -q '<svg[^>]*class="latency"' "$html" || { echo "no latency chart in the report" >&2; exit 1; }
grep -q '<svg[^>]*class="arena"' "$html" || { echo "no arena chart in the report" >&2; exit 1; }
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
    --screenshot="$work/shot.png" "file://$html" >/dev/null 2>&1
[ -s "$work/shot.png" ] || { echo "chromium wrote no screenshot" >&2; exit 1; }
mv "$work/shot.png" "$png.tmp.$$" && mv "$png.tmp.$$" "$png"
echo "$png"
