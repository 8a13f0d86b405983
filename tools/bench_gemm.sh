#!/usr/bin/env bash
# GEMM throughput of the distiller's blocked SIMD kernel (benchmark, not a test).
# Compiles Sources/Distiller/{Tensor,Parallel} with a small driver, outside SwiftPM, so it needs no
# package changes. Usage: tools/bench_gemm.sh [--no-fma]
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-Ounchecked -wmo -target-cpu native -D EDGE_DISTILL_FMA)
[[ "${1:-}" == "--no-fma" ]] && flags=(-Ounchecked -wmo)
out="${TMPDIR:-/tmp}/edge-distill-bench-gemm"
mkdir -p "$out"
cp tools/GemmBenchmarkMain.swift "$out/main.swift"
swiftc "${flags[@]}" -module-name GemmBench -o "$out/bench" \
  Sources/Distiller/Tensor/Tensor.swift Sources/Distiller/Tensor/SeededRandomNumberGenerator.swift \
  Sources/Distiller/Tensor/MatrixMultiplication.swift Sources/Distiller/Parallel/ThreadPool.swift \
  "$out/main.swift"
"$out/bench"
