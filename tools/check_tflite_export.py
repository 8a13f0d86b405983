#!/usr/bin/env python3
"""Checks `edge-distill export MODEL.edm --tflite` against other runtimes (issue 20, item 4).

For each model (an .edm, or a .tflite that is first imported with `edge-distill import`, such as
the zoo's converter-made models): exports it, draws random int8 input rows (every value of the int8 range, seeded),
runs them through the EdgeDistill runtime (`edge-distill run`), TFLM's Python interpreter
(`tflite-micro`, the conformance target: must be bit-exact) and LiteRT (`ai-edge-litert`, builtin
kernels: reported, and required to run the file; LiteRT and TFLM differ on some converter-made
files themselves). For a model given as .tflite, LiteRT also runs the original file on the same
rows: the export must give identical outputs. Prints a table; exits 1 when TFLM differs from the
runtime, or LiteRT on the export from LiteRT on the original.

    python3 -m pip install tflite-micro ai-edge-litert numpy
    python3 tools/check_tflite_export.py [--rows 200] [--seed 1] [MODEL.edm|MODEL.tflite ...]   (default: models/*/*.edm)
    python3 tools/check_tflite_export.py ../shared/conformance/zoo/*/model.tflite ../shared/conformance/mlperf-tiny/*.tflite

env: BIN (a built edge-distill; default: swift build -c release).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="*")
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    models = args.models or sorted(glob.glob(os.path.join(root, "models", "*", "*.edm")))
    binary = os.environ.get("BIN")
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "edge-distill"], cwd=root, check=True,
                       stdout=sys.stderr)
        binary = os.path.join(root, ".build", "release", "edge-distill")
    try:
        from tflite_micro.python.tflite_micro import runtime as tflm
    except ImportError:
        sys.exit("error: tflite-micro is not installed (python3 -m pip install tflite-micro)")
    try:
        from ai_edge_litert.interpreter import Interpreter as LiteRT, OpResolverType
    except ImportError:
        LiteRT = None
        print("note: ai-edge-litert is not installed; LiteRT column skipped", file=sys.stderr)

    print("| model | operators | rows | TFLM: rows bit-exact | LiteRT (builtin ref. kernels): rows bit-exact, largest difference "
          "| LiteRT, export vs original .tflite: rows identical |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = False
    with tempfile.TemporaryDirectory() as work:
        for model in models:
            name = os.path.splitext(os.path.basename(model))[0]
            original = model if model.endswith(".tflite") else None
            if original:
                name = os.path.basename(os.path.dirname(model)) if name == "model" else name
                edm = os.path.join(work, name + ".edm")
                imported = subprocess.run([binary, "import", model, "-o", edm], capture_output=True, text=True)
                if imported.returncode != 0:
                    print(f"| {name} | not imported: {imported.stderr.strip()} | | | |")
                    continue
                model = edm
            tflite = os.path.join(work, name + ".tflite")
            exported = subprocess.run([binary, "export", model, "--tflite", tflite], capture_output=True, text=True)
            if exported.returncode != 0:
                print(f"| {name} | export failed: {exported.stderr.strip()} | | | |")
                failed = True
                continue
            operators = exported.stdout.split(": ")[1].split(" ")[0]
            interpreter = tflm.Interpreter.from_file(tflite, arena_size=16 * 1024 * 1024)
            details = interpreter.get_input_details(0)
            shape, dtype = tuple(details["shape"]), details["dtype"]
            if dtype != np.int8:
                print(f"| {name} | input type {dtype} (int8 only here) | | | |")
                continue
            rng = np.random.default_rng(args.seed)
            inputs = rng.integers(-128, 128, size=(args.rows,) + shape[1:], dtype=np.int8)
            np.save(os.path.join(work, "in.npy"), inputs)
            out_path = os.path.join(work, "out.npy")
            subprocess.run([binary, "run", model, "--input", os.path.join(work, "in.npy"), "--output", out_path],
                           check=True, capture_output=True)
            ours = np.load(out_path).reshape(args.rows, -1)

            tflm_rows = []
            for row in inputs:
                interpreter.set_input(row[None], 0)
                interpreter.invoke()
                tflm_rows.append(np.array(interpreter.get_output(0)).reshape(-1))
            tflm_out = np.stack(tflm_rows)
            tflm_same = int(np.sum(np.all(tflm_out == ours, axis=1)))
            failed |= tflm_same != args.rows

            litert_cell, original_cell = "not installed", "–"
            if LiteRT is not None:
                lite_out = run_litert(LiteRT, OpResolverType, tflite, inputs)
                same = int(np.sum(np.all(lite_out == ours, axis=1)))
                largest = int(np.max(np.abs(lite_out.astype(np.int32) - ours.astype(np.int32))))
                litert_cell = f"{same} / {args.rows}, {largest} LSB"
                if original:
                    identical = int(np.sum(np.all(run_litert(LiteRT, OpResolverType, original, inputs) == lite_out, axis=1)))
                    failed |= identical != args.rows
                    original_cell = f"{identical} / {args.rows}"
            print(f"| {name} | {operators} | {args.rows} | {tflm_same} / {args.rows} | {litert_cell} | {original_cell} |")
    sys.exit(1 if failed else 0)


def run_litert(LiteRT, OpResolverType, path, inputs):
    """The first output of LiteRT's builtin reference kernels for each input row."""
    lite = LiteRT(model_path=path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    lite.allocate_tensors()
    inp, out = lite.get_input_details()[0]["index"], lite.get_output_details()[0]["index"]
    rows = []
    for row in inputs:
        lite.set_tensor(inp, row[None])
        lite.invoke()
        rows.append(lite.get_tensor(out).reshape(-1).copy())
    return np.stack(rows)


if __name__ == "__main__":
    main()
