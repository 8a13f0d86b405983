#!/usr/bin/env python3
"""Differential test: EdgeDistill vs the TFLM reference interpreter on random inputs.

For each MLPerf Tiny int8 model (KWS, ResNet-8, VWW, AD01) this generates N int8 inputs from a
fixed seed, runs every row through TFLM's Python interpreter (reference kernels, integer-only,
batch 1) and the whole batch through one `edge-distill run` call, and compares the outputs bit for
bit. Models that end in SOFTMAX are also compared before it (the FULLY_CONNECTED logits), since
softmax saturation on random inputs hides 1-LSB logit differences: EdgeDistill runs a copy of the
.tflite cut before the SOFTMAX, TFLM reads the same tensor with kPreserveAllTensors.

Inputs (the first rows are the 16 golden inputs, checked against outputs_tflm.npy):
  uniform   uniform over the full int8 range
  noise     a golden input plus uniform noise of amplitude 1..32 LSB, saturated
  scaled    a golden input scaled about the input zero point by k in [0, 2], saturated
  splice    elementwise choice between two golden inputs
  extreme   a golden/uniform input with a random fraction of elements at -128 or 127; some rows all
            -128, all 127, all zero point, or constant
  narrow    uniform in a narrow window [c-w, c+w] (smooth, low-variance inputs)

Setup:  python3 -m venv /tmp/tflm-venv && /tmp/tflm-venv/bin/pip install numpy tflite-micro flatbuffers
Run:    /tmp/tflm-venv/bin/python tools/differential/mlperf_random.py \
            --edge-distill "$(swift build -c release --show-bin-path)/edge-distill" --shared /work/shared
Exit status: 0 all identical, 1 some difference, 2 a setup error.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np

MODELS = ["kws_ref_model", "resnet8_cifar10_int8", "vww_96_int8", "ad01_int8"]
CATEGORIES = ["golden", "uniform", "noise", "scaled", "splice", "extreme", "narrow"]
# Share of the non-golden rows per category.
MIX = {"uniform": 0.30, "noise": 0.25, "scaled": 0.15, "splice": 0.10, "extreme": 0.10, "narrow": 0.10}


def schema():
    from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as s
    return s


def read_model(path):
    s = schema()
    with open(path, "rb") as f:
        buf = f.read()
    return s.ModelT.InitFromPackedBuf(buf, 0)


def model_io(path):
    """(input zero point, logits tensor index or None) of a single-subgraph model."""
    s = schema()
    m = read_model(path)
    g = m.subgraphs[0]
    zp = int(g.tensors[g.inputs[0]].quantization.zeroPoint[0])
    last = g.operators[-1]
    code = m.operatorCodes[last.opcodeIndex]
    builtin = max(code.builtinCode, code.deprecatedBuiltinCode)
    logits = int(last.inputs[0]) if builtin == s.BuiltinOperator.SOFTMAX else None
    return zp, logits


def cut_before_softmax(path, out_path):
    """Writes a copy of the model whose output is the final SOFTMAX's input."""
    import flatbuffers
    m = read_model(path)
    g = m.subgraphs[0]
    last = g.operators[-1]
    g.outputs = np.array([last.inputs[0]], dtype=np.int32)
    g.operators = g.operators[:-1]
    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    with open(out_path, "wb") as f:
        f.write(b.Output())


def generate(name, golden, zp, count, seed):
    """`count` int8 rows and their category indices; the golden rows come first."""
    rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
    shape = golden.shape[1:]
    k = min(len(golden), count)
    rows = [golden[:k].astype(np.int16)]
    cats = [np.zeros(k, dtype=np.int8)]
    rest = count - k
    names = list(MIX)
    counts = np.floor(np.array([MIX[n] for n in names]) * rest).astype(int)
    counts[0] += rest - counts.sum()
    G = golden.astype(np.int16)
    for cat, n in zip(names, counts):
        if n == 0:
            continue
        pick = lambda: G[rng.integers(0, len(G), n)]
        if cat == "uniform":
            x = rng.integers(-128, 128, size=(n,) + shape)
        elif cat == "noise":
            amp = rng.choice([1, 2, 4, 8, 16, 32], size=n).reshape((n,) + (1,) * len(shape))
            x = pick() + np.round(rng.uniform(-1, 1, size=(n,) + shape) * amp)
        elif cat == "scaled":
            kk = rng.uniform(0, 2, size=n).reshape((n,) + (1,) * len(shape))
            x = np.round(zp + (pick() - zp) * kk)
        elif cat == "splice":
            mask = rng.random((n,) + shape) < rng.random(n).reshape((n,) + (1,) * len(shape))
            x = np.where(mask, pick(), pick())
        elif cat == "extreme":
            base = np.where(rng.random(n).reshape((n,) + (1,) * len(shape)) < 0.5, pick(),
                            rng.integers(-128, 128, size=(n,) + shape))
            frac = rng.random(n).reshape((n,) + (1,) * len(shape))
            hit = rng.random((n,) + shape) < frac
            x = np.where(hit, np.where(rng.random((n,) + shape) < 0.5, -128, 127), base)
            special = [np.full(shape, -128), np.full(shape, 127), np.full(shape, zp)]
            for i in range(min(n, 8)):
                x[i] = special[i] if i < 3 else np.full(shape, rng.integers(-128, 128))
        else:  # narrow
            c = rng.integers(-128, 128, size=n).reshape((n,) + (1,) * len(shape))
            w = rng.integers(0, 17, size=n).reshape((n,) + (1,) * len(shape))
            x = c + np.round(rng.uniform(-1, 1, size=(n,) + shape) * w)
        rows.append(np.clip(x, -128, 127).astype(np.int16))
        cats.append(np.full(n, CATEGORIES.index(cat), dtype=np.int8))
    return np.concatenate(rows).astype(np.int8), np.concatenate(cats)


# --- TFLM, one row at a time, in worker processes -------------------------------------------------

_tflm = None


def _tflm_init(path, logits):
    global _tflm
    from tflite_micro.python.tflite_micro import runtime
    cfg = runtime.InterpreterConfig.kPreserveAllTensors if logits is not None else runtime.InterpreterConfig.kAllocationRecording
    _tflm = (runtime.Interpreter.from_file(path, arena_size=16 * 1024 * 1024, intrepreter_config=cfg), logits)


def _tflm_chunk(x):
    it, logits = _tflm
    out, lg = [], []
    for row in x:
        it.set_input(row[None], 0)
        it.invoke()
        out.append(np.array(it.get_output(0)[0]))
        if logits is not None:
            lg.append(np.asarray(it.GetTensor(logits, 0)["tensor_data"]).reshape(-1).copy())
    return np.stack(out), (np.stack(lg) if lg else None)


def run_tflm(path, logits, x, jobs):
    chunks = np.array_split(x, max(1, min(len(x), jobs * 8)))
    if jobs <= 1:
        _tflm_init(path, logits)
        parts = [_tflm_chunk(c) for c in chunks]
    else:
        with mp.get_context("fork").Pool(jobs, _tflm_init, (path, logits)) as pool:
            parts = pool.map(_tflm_chunk, chunks)
    out = np.concatenate([p[0] for p in parts])
    lg = np.concatenate([p[1] for p in parts]) if logits is not None else None
    return out, lg


# --- EdgeDistill, one batched call ----------------------------------------------------------------

def run_edge(binary, tflite, x, work, tag):
    edm = os.path.join(work, tag + ".edm")
    inp = os.path.join(work, tag + "_in.npy")
    out = os.path.join(work, tag + "_out.npy")
    for cmd in ([binary, "import", tflite, "-o", edm], [binary, "run", edm, "--input", inp, "--output", out]):
        if cmd[1] == "run":
            np.save(inp, x)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}{r.stdout}")
    return np.load(out).reshape(len(x), -1)


def compare(a, b):
    d = a.reshape(len(a), -1).astype(np.int32) - b.reshape(len(b), -1).astype(np.int32)
    rows = np.nonzero((d != 0).any(axis=1))[0]
    return d, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edge-distill", required=True, help="path of the edge-distill binary")
    ap.add_argument("--shared", default="/work/shared", help="shared data dir (holds conformance/mlperf-tiny)")
    ap.add_argument("--count", type=int, default=10000, help="inputs per model (default 10000)")
    ap.add_argument("--seed", type=int, default=20260101, help="generator seed")
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ",".join(MODELS))
    ap.add_argument("--jobs", type=int, default=1,
                    help="TFLM worker processes (default 1: on the 2-vCPU dev machine 2 workers were slower)")
    ap.add_argument("--no-logits", action="store_true", help="compare only the model outputs")
    ap.add_argument("--out-dir", default=os.path.join(tempfile.gettempdir(), "mlperf_random"),
                    help="where diffs.txt and <model>_diff_inputs.npy are written")
    ap.add_argument("--max-report", type=int, default=20, help="differing rows written per model")
    a = ap.parse_args()

    base = os.path.join(a.shared, "conformance", "mlperf-tiny")
    models = [m.strip() for m in a.models.split(",") if m.strip()]
    for m in models:
        if m not in MODELS or not os.path.exists(os.path.join(base, m + ".tflite")):
            print(f"unknown or missing model {m}", file=sys.stderr)
            return 2
    if not os.access(a.edge_distill, os.X_OK):
        print(f"not executable: {a.edge_distill}", file=sys.stderr)
        return 2
    try:
        from tflite_micro.python.tflite_micro import _version
        tflm_version = _version.__version__
    except Exception:
        tflm_version = "?"
    os.makedirs(a.out_dir, exist_ok=True)
    report_path = os.path.join(a.out_dir, "diffs.txt")
    report = open(report_path, "w")
    report.write(f"# mlperf_random: seed {a.seed}, count {a.count}, tflite-micro {tflm_version}\n")
    print(f"tflite-micro {tflm_version}; seed {a.seed}; {a.count} inputs per model; {a.jobs} TFLM jobs")

    results = []
    failed = False
    with tempfile.TemporaryDirectory() as work:
        for m in models:
            tflite = os.path.join(base, m + ".tflite")
            gdir = os.path.join(base, "golden", m)
            golden = np.load(os.path.join(gdir, "inputs.npy"))
            zp, logits = model_io(tflite)
            if a.no_logits:
                logits = None
            x, cats = generate(m, golden, zp, a.count, a.seed)

            t0 = time.time()
            ref, ref_logits = run_tflm(tflite, logits, x, a.jobs)
            t_tflm = time.time() - t0
            ng = min(len(golden), len(x))
            gold = np.load(os.path.join(gdir, "outputs_tflm.npy"))[:ng]
            if not np.array_equal(ref[:ng].reshape(ng, -1), gold.reshape(ng, -1)):
                print(f"{m}: this TFLM does not reproduce golden outputs_tflm.npy", file=sys.stderr)
                failed = True

            t0 = time.time()
            got = run_edge(a.edge_distill, tflite, x, work, m)
            got_logits = None
            if logits is not None:
                cut = os.path.join(work, m + "_logits.tflite")
                cut_before_softmax(tflite, cut)
                got_logits = run_edge(a.edge_distill, cut, x, work, m + "_logits")
            t_edge = time.time() - t0

            checks = [("output", ref, got)] + ([("logits", ref_logits, got_logits)] if logits is not None else [])
            diff_rows = set()
            for what, r, g in checks:
                d, rows = compare(r, g)
                diff_rows.update(rows.tolist())
                by_cat = {CATEGORIES[c]: int((cats[rows] == c).sum()) for c in np.unique(cats[rows])}
                results.append((m, what, len(x), len(rows), int((d != 0).sum()), int(np.abs(d).max()) if d.size else 0,
                                by_cat, t_tflm, t_edge))
                for i in rows[: a.max_report]:
                    idx = np.nonzero(d[i])[0]
                    r_i, g_i = r.reshape(len(r), -1)[i], g.reshape(len(g), -1)[i]
                    report.write(f"{m} {what} row {i} ({CATEGORIES[cats[i]]}): {len(idx)} values differ; "
                                 + ", ".join(f"[{j}] tflm {r_i[j]} edge {g_i[j]}" for j in idx[:16]) + "\n")
            if diff_rows:
                failed = True
                keep = np.array(sorted(diff_rows)[: a.max_report])
                np.save(os.path.join(a.out_dir, m + "_diff_inputs.npy"), x[keep])
                np.save(os.path.join(a.out_dir, m + "_diff_rows.npy"), keep)

    print()
    hdr = f"{'model':<22}{'tensor':<8}{'inputs':>8}{'rows differing':>16}{'values differing':>18}{'max |diff|':>12}{'TFLM s':>9}{'edge s':>8}  differing rows by input kind"
    print(hdr)
    print("-" * len(hdr))
    for m, what, n, rows, vals, mx, by_cat, tt, te in results:
        kinds = ", ".join(f"{k} {v}" for k, v in by_cat.items()) or "-"
        print(f"{m:<22}{what:<8}{n:>8}{rows:>16}{vals:>18}{mx:>12}{tt:>9.1f}{te:>8.1f}  {kinds}")
    report.close()
    print(f"\nreport: {report_path}" + ("  (differing inputs: <model>_diff_inputs.npy beside it)" if failed else ""))
    print("RESULT: " + ("DIFFERENCES FOUND" if failed else "all identical"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
