#!/usr/bin/env bash
# The simulator's model of EdgeDistill's own kernels, for every firmware build a device profile uses:
# random single-layer models of every sampled operator kind at deployed sizes, counted under QEMU
# (`edge-distill kernel-costs`), the counts kept in tools/kernel-costs/BUILD.csv and the fitted
# coefficients shipped in firmware-sim/devices/kernel-costs/BUILD.json.
#   cortex-m4-portable   the Armv7E-M image with the packed DSP kernels (Cortex-M4F, M7 and M33 profiles)
#   cortex-a53-neon      the AArch64 image with the NEON kernels (Cortex-A35, A53/A55 and A72 profiles)
#   cortex-a76-neon-dot  the same with sdot (Cortex-A76 profiles)
#   cortex-a710-neon-i8mm  the same with sdot and smmla (Cortex-A710 profiles; QEMU's `max` CPU)
#   cortex-a53-portable  the AArch64 image with the portable kernels (`--emulate --kernels portable`)
# Usage: tools/fit_kernel_costs.sh [--refit | --kinds K,K | --front-end] [BUILD...]   (about 10-30 minutes
# per build on 2 cores; --refit fits again from the kept counts without emulating; --kinds measures only
# those operator kinds again and merges them into the kept counts; --front-end measures the speech
# front-end at eight shapes, a minute or two per build, and adds its fit to BUILD.json)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=()
if [ "${1:-}" = "--refit" ]; then mode=(--refit); shift
elif [ "${1:-}" = "--kinds" ]; then mode=(--kinds "$2"); shift 2
elif [ "${1:-}" = "--front-end" ]; then mode=(--front-end); shift
fi
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(cortex-m4-portable cortex-a53-neon cortex-a76-neon-dot cortex-a710-neon-i8mm cortex-a53-portable)
if [ -n "${EDGE_DISTILL_BIN:-}" ]; then
    bin=$EDGE_DISTILL_BIN
else
    swift build -c release --product edge-distill >&2
    bin=$(swift build -c release --show-bin-path)/edge-distill
fi
mkdir -p tools/kernel-costs firmware-sim/devices/kernel-costs
for build in "${builds[@]}"; do
    case $build in
        cortex-m4-portable) target=cortex-m4 kernels=portable ;;
        cortex-a53-neon) target=cortex-a53 kernels=neon ;;
        cortex-a76-neon-dot) target=cortex-a76 kernels=neon-dot ;;
        cortex-a710-neon-i8mm) target=cortex-a710 kernels=neon-i8mm ;;
        cortex-a53-portable) target=cortex-a53 kernels=portable ;;
        *) echo "fit_kernel_costs: unknown build '$build' (cortex-m4-portable, cortex-a53-neon, cortex-a76-neon-dot, cortex-a710-neon-i8mm, cortex-a53-portable)" >&2; exit 2 ;;
    esac
    measurements=(--measurements "tools/kernel-costs/$build.csv")
    [ "${mode[*]:-}" = "--front-end" ] && measurements=()
    "$bin" kernel-costs --target "$target" --kernels "$kernels" --sources "$PWD" "${mode[@]}" "${measurements[@]}" \
        --coefficients "firmware-sim/devices/kernel-costs/$build.json"
done
