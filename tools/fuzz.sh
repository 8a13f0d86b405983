#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses in tools/fuzz/ (see docs/RELIABILITY.md).
#
#   tools/fuzz.sh list                     the harnesses
#   tools/fuzz.sh build [NAME...]          build harnesses (all by default) into .build-fuzz/bin
#   tools/fuzz.sh run NAME SECONDS [DIR]   fuzz NAME for SECONDS with corpus DIR (default
#                                          .build-fuzz/corpus/NAME), seeded from real files first;
#                                          extra libFuzzer flags go in FUZZ_FLAGS
#   tools/fuzz.sh seed NAME DIR            copy NAME's seed files into DIR
#   tools/fuzz.sh smoke SECONDS            build all, run each for SECONDS on its seeds (CI); fails on
#                                          any crash, hang, leak or out-of-memory
#
# The library modules are compiled with swiftc -sanitize=fuzzer,address (coverage-instrumented,
# AddressSanitizer, -O, whole module) and linked with each harness; Package.swift is untouched.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${FUZZ_BUILD:-$root/.build-fuzz}"
shared="${SHARED:-$root/../shared}"
flags=(-sanitize=fuzzer,address -O -wmo -parse-as-library -g -suppress-warnings)

harnesses=(edm tflite npy npz gzip zip inflate wav checkpoint device recipe)

# Harness name -> Swift file and the modules it links (dependencies first).
harness_file() {
    case "$1" in
        edm) echo ModelFile ;; tflite) echo TFLite ;; npy) echo NumPy ;; npz) echo NumPyArchive ;;
        gzip) echo Gzip ;; zip) echo Zip ;; inflate) echo Inflate ;; wav) echo WAV ;;
        checkpoint) echo Checkpoint ;; device) echo DeviceProfile ;; recipe) echo Recipe ;;
        *) echo "unknown harness '$1' (tools/fuzz.sh list)" >&2; exit 2 ;;
    esac
}
harness_modules() {
    case "$1" in
        edm | tflite | npy | npz | gzip | zip | inflate) echo EdgeVectorKernels EdgeAVX512Kernels EdgeRuntime EdgeModel ;;
        wav | checkpoint) echo EdgeVectorKernels EdgeAVX512Kernels EdgeRuntime EdgeModel Distiller ;;
        recipe) echo EdgeVectorKernels EdgeAVX512Kernels EdgeRuntime EdgeModel Distiller FirmwareSim ;;
        device) echo EdgeVectorKernels EdgeAVX512Kernels EdgeRuntime EdgeModel FirmwareSim ;;
    esac
}
module_sources() {
    case "$1" in
        EdgeVectorKernels) echo "$root/Sources/EdgeVectorKernels" ;;
        EdgeAVX512Kernels) echo "$root/Sources/EdgeAVX512Kernels" ;;
        EdgeRuntime) echo "$root/Sources/EdgeRuntime" ;; EdgeModel) echo "$root/Sources/EdgeModel" ;;
        Distiller) echo "$root/Sources/Distiller" ;; FirmwareSim) echo "$root/firmware-sim/Sources" ;;
    esac
}

quiet_link() { grep -v "Cannot export local symbol" || true; }

build_module() {
    local name=$1 dir obj
    dir="$(module_sources "$name")"
    obj="$out/modules/$name.o"
    mkdir -p "$out/modules"
    # Stale when a source, or a module it imports (compiled just before it), is newer than the object.
    local deps=()
    case "$name" in
        EdgeAVX512Kernels) deps=("$out/modules/EdgeVectorKernels.o") ;;
        EdgeRuntime) deps=("$out/modules/EdgeVectorKernels.o" "$out/modules/EdgeAVX512Kernels.o") ;;
        EdgeModel) deps=("$out/modules/EdgeRuntime.o") ;;
        Distiller | FirmwareSim) deps=("$out/modules/EdgeRuntime.o" "$out/modules/EdgeModel.o") ;;
    esac
    # The vector kernels are built as Package.swift builds them (see its vectorKernelFlags and avx512KernelFlags).
    local extra_flags=()
    if [ "$name" = EdgeVectorKernels ]; then
        extra_flags=(-enable-builtin-module)
        [ "$(uname -m)" = x86_64 ] && extra_flags+=(-target-cpu haswell)
    elif [ "$name" = EdgeAVX512Kernels ]; then
        extra_flags=(-enable-builtin-module)
        [ "$(uname -m)" = x86_64 ] && extra_flags+=(-target-cpu cascadelake)
    fi
    if [ -f "$obj" ] && [ -z "$(find "$dir" "${deps[@]}" -name '*.swift' -newer "$obj" -o -name '*.o' -newer "$obj" 2>/dev/null | head -1)" ]; then return; fi
    echo "fuzz: compiling $name" >&2
    mapfile -t sources < <(find "$dir" -name '*.swift' | sort)
    swiftc "${flags[@]}" "${extra_flags[@]}" -module-name "$name" -I "$out/modules" -emit-module \
        -emit-module-path "$out/modules/$name.swiftmodule" -c "${sources[@]}" -o "$obj.tmp"
    mv "$obj.tmp" "$obj"
}

build_harness() {
    local name=$1 file modules objects=() binary
    file="$(harness_file "$name")"
    read -r -a modules <<< "$(harness_modules "$name")"
    for module in "${modules[@]}"; do
        build_module "$module"
        objects+=("$out/modules/$module.o")
    done
    binary="$out/bin/fuzz-$name"
    mkdir -p "$out/bin"
    local newest=("$root/tools/fuzz/$file.swift" "$root/tools/fuzz/FuzzSupport.swift" "${objects[@]}")
    # recipe: the parsing lives in the edge-distill executable; its sources (main.swift excepted)
    # are compiled into the harness.
    local extra=()
    if [ "$name" = recipe ]; then
        mapfile -t extra < <(find "$root/Sources/edge-distill" -name '*.swift' ! -name main.swift | sort)
        newest+=("${extra[@]}")
    fi
    if [ -x "$binary" ] && [ -z "$(find "${newest[@]}" -newer "$binary" 2>/dev/null | head -1)" ]; then return; fi
    echo "fuzz: linking fuzz-$name" >&2
    # (from the output folder: linking several files with -wmo -g leaves module files in the current one)
    (cd "$out/bin" && swiftc "${flags[@]}" -module-name "Fuzz_$name" -I "$out/modules" \
        "$root/tools/fuzz/$file.swift" "$root/tools/fuzz/FuzzSupport.swift" "${extra[@]}" "${objects[@]}" -o "$binary" 2>&1 | quiet_link)
    [ -x "$binary" ] || { echo "fuzz: linking fuzz-$name failed" >&2; exit 1; }
}

# Longest input: the archive and model formats are slow to mutate at full size; 64 KiB holds the
# small real files (single-operator models, small archives) and leaves room to grow.
max_len() {
    case "$1" in
        edm | tflite | npz | zip | gzip | inflate) echo 65536 ;;
        *) echo 1048576 ;;
    esac
}

# Real files a user could hand over, as seeds (only those within max_len).
seed() {
    local name=$1 dir=$2 pattern roots=()
    mkdir -p "$dir"
    case "$name" in
        edm) pattern='*.edm' ;; tflite) pattern='*.tflite' ;; npy) pattern='*.npy' ;; npz) pattern='*.npz' ;;
        gzip) pattern='*.gz' ;; zip | inflate) pattern='*.npz' ;; wav) pattern='*.wav' ;; checkpoint) pattern='*.ckpt' ;;
        device) pattern='*.json' ;; recipe) pattern='*.json' ;;
    esac
    case "$name" in
        device) roots=("$root/firmware-sim/devices") ;;
        recipe) roots=("$root/tools/fuzz/seeds/recipe") ;;
        *) roots=("$root/models" "$root/Tests/Fixtures" "$root/tools/fuzz/seeds/$name" "$shared/conformance" "$shared/datasets") ;;
    esac
    local count=0
    while IFS= read -r -d '' file; do
        # wav: the recordings are many and alike; a few dozen seed the corpus as well as 3000.
        if [ "$name" = wav ] && [ "$count" -ge 40 ]; then break; fi
        cp "$file" "$dir/seed-$(cksum < "$file" | cut -d' ' -f1)"
        count=$((count + 1))
    done < <(find "${roots[@]}" -type f -name "$pattern" -size -"$(( $(max_len "$name") / 1024 ))"k -print0 2>/dev/null | sort -z)
    if [ "$name" = inflate ]; then
        # Raw deflate streams: the entries inside the .npz seeds (local header + name + extra).
        python3 - "$dir" <<'PY' 2>/dev/null || true
import os, struct, sys, zipfile
d = sys.argv[1]
for f in [f for f in os.listdir(d) if f.startswith("seed-")]:
    p = os.path.join(d, f)
    try:
        z = zipfile.ZipFile(p)
    except Exception:
        continue
    raw = open(p, "rb").read()
    os.remove(p)
    for i in z.infolist():
        if i.compress_type != zipfile.ZIP_DEFLATED: continue
        o = i.header_offset
        n, e = struct.unpack("<HH", raw[o + 26:o + 30])
        s = o + 30 + n + e
        open(os.path.join(d, "seed-%s-%d" % (f[5:], o)), "wb").write(raw[s:s + i.compress_size])
PY
    fi
    echo "fuzz: $name: $count seed files in $dir" >&2
}

run() {
    local name=$1 seconds=$2 dir=${3:-$out/corpus/$1}
    build_harness "$name"
    seed "$name" "$dir"
    local artifacts="$out/artifacts/$name/"
    mkdir -p "$artifacts"
    # shellcheck disable=SC2086
    # The Swift runtime's backtracer reads memory ASan flags; libFuzzer prints the stack instead.
    SWIFT_BACKTRACE=enable=no "$out/bin/fuzz-$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$name")" \
        -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts" ${FUZZ_FLAGS:-} "$dir"
}

case "${1:-}" in
    list) printf '%s\n' "${harnesses[@]}" ;;
    build)
        shift
        for name in "${@:-${harnesses[@]}}"; do build_harness "$name"; done ;;
    seed) seed "$2" "$3" ;;
    run) run "$2" "$3" "${4:-}" ;;
    smoke)
        seconds=${2:-5}
        for name in "${harnesses[@]}"; do build_harness "$name"; done
        for name in "${harnesses[@]}"; do
            corpus=$(mktemp -d)
            echo "== fuzz $name for ${seconds}s"
            if ! run "$name" "$seconds" "$corpus" > "$corpus.log" 2>&1; then
                tail -60 "$corpus.log"
                echo "fuzz: $name FAILED (artifacts in $out/artifacts/$name/)" >&2
                exit 1
            fi
            grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE' "$corpus.log" | tail -2 || true
            rm -rf "$corpus" "$corpus.log"
        done ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
