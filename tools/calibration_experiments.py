#!/usr/bin/env python3
"""Leave-one-out experiments on the simulator's calibration (docs/SIMULATOR.md, "What was tried").

Re-implements the cost model of firmware-sim/Sources/FirmwareSim/Calibration in NumPy/SciPy, with the
per-layer workloads parsed from shared/conformance/mlperf-tiny/MODELS.md, so that alternatives can be
measured quickly. Its baseline reproduces `edge-distill calibrate` (14.5 % / 42.9 % leave one benchmark
out, 9.8 % / 40.5 % leave one board out). Every variant is scored with the held-out rows absent from
the fit. A hyper-parameter is either fixed (the label says when that value was the best of a few
tried on these very tables, which makes the variant optimistic) or chosen by nested
leave-one-benchmark-out on the training rows only.

usage: tools/calibration_experiments.py [SHARED_DIR]     (default: ../shared beside the repository)
"""
import os
import re
import sys

import numpy as np
from scipy.optimize import least_squares

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared")
BENCHMARKS = ["KWS", "VWW", "IC", "AD"]
FILES = {"kws_ref_model": "KWS", "vww_96_int8": "VWW", "resnet8_cifar10_int8": "IC", "ad01_int8": "AD"}
OPERATORS = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D", "MAX_POOL_2D", "ADD", "SOFTMAX", "RESHAPE"}

# PublishedResult.mlperfTiny: (board, stack, family, MHz, [KWS, VWW, IC, AD] ms).
PUBLISHED = [
    ("STM32L4R5", "TFLM 2.3.1 reference", "tflm-reference", 120, [181.9, 600.6, 704.2, 10.05]),
    ("STM32L4R5", "microTVM + CMSIS-NN", "cmsis-nn", 120, [99.8, 301.2, 389.6, 8.61]),
    ("STM32L4R5", "microTVM native", "microtvm-native", 120, [144.0, 336.6, 389.3, 11.72]),
    ("STM32L4R5", "Skymizer ONNC", "onnc", 120, [82.0, 172.2, 298.7, 8.07]),
    ("STM32L4R5", "X-CUBE-AI 7.3", "x-cube-ai-7", 120, [75.1, 230.5, 226.9, 7.58]),
    ("STM32L4R5", "X-CUBE-AI 9.0", "x-cube-ai", 120, [43.19, 88.93, 165.1, 5.26]),
    ("STM32L4R5", "Plumerai", "plumerai", 120, [47.78, 98.76, 167.8, 4.05]),
    ("RA6M4", "TFLM + CMSIS-NN", "cmsis-nn", 200, [50.57, 162.4, 246.2, 4.61]),
    ("STM32U575", "X-CUBE-AI 10.2", "x-cube-ai", 160, [29.0, 59.3, 109.5, 3.21]),
]
ROWS = [
    dict(board=board, stack=stack, family=family, mhz=mhz, bench=bench, ms=ms, cycles=ms * 1e3 * mhz)
    for board, stack, family, mhz, values in PUBLISHED
    for bench, ms in zip(BENCHMARKS, values)
]

# SharedCostFactors order and priors.
FACTORS = ["outputCostInMACs", "depthwiseFactor", "shallowConvolutionFactor", "denseFactor",
           "weightCyclesPerByte", "elementwiseCostInMACs", "operatorOverheadCycles"]
PRIORS = np.log([8, 1, 1.5, 0.5, 1, 2, 1000])


def workload_sums():
    """Per benchmark, the sums the cost model is linear in (ReferenceWorkloads.parse, aggregated)."""
    text = open(os.path.join(SHARED, "conformance/mlperf-tiny/MODELS.md")).read()
    sums, current = {}, None
    for line in text.split("\n"):
        if line.startswith("## "):
            current = next((b for f, b in FILES.items() if line[3:].startswith(f + ".tflite")), None)
            continue
        cells = [c.strip() for c in line.split("|")]
        if current is None or not line.startswith("| ") or len(cells) < 8 or not cells[1].isdigit():
            continue
        op = cells[2].split()[0] if cells[2] else ""
        if op not in OPERATORS:
            continue
        shapes = [[int(d) for d in s.split("x")] for s in re.findall(r"\[([0-9x]+)\]", cells[3])]
        macs = int(cells[6].split()[0].replace(",", ""))
        weights = int(cells[7].replace(",", ""))
        inputs, outputs = int(np.prod(shapes[0])), int(np.prod(shapes[-1]))
        s = sums.setdefault(current, dict.fromkeys(
            ["conv", "shallow", "depthwise", "dense", "outputs", "elementwise", "weights", "operators"], 0.0))
        s["operators"] += 1
        if op == "CONV_2D":
            s["shallow" if shapes[0][-1] <= 4 else "conv"] += macs
            s["outputs"] += outputs
            s["weights"] += weights
        elif op == "DEPTHWISE_CONV_2D":
            s["depthwise"] += macs
            s["outputs"] += outputs
            s["weights"] += weights
        elif op == "FULLY_CONNECTED":
            s["dense"] += macs
            s["outputs"] += outputs
            s["weights"] += weights
        elif op == "ADD":
            s["elementwise"] += 2 * outputs
        elif op != "RESHAPE":
            s["elementwise"] += inputs
    return sums


SUMS = workload_sums()


def cycles(rate, f, s):
    """CostModel.computeCycles summed over a model, with factors f in FACTORS order."""
    output, depthwise, shallow, dense, per_byte, elementwise, overhead = f
    macs = (s["conv"] + shallow * s["shallow"] + depthwise * s["depthwise"] + dense * s["dense"]
            + output * s["outputs"] + elementwise * s["elementwise"])
    return rate * macs + per_byte * s["weights"] + overhead * s["operators"]


def fit(train, deviating=(), shrinkage=None, prior_weight=1.0, power=2, loss="linear"):
    """Per-stack log rate + shared log factors (pulled to the priors); optionally per-stack deviations
    of the factors in `deviating`, pulled to zero with weight `shrinkage`. Minimises the sum of
    |log error|^power, prior and shrinkage terms included (power 2: least
    squares), with scipy's robust `loss` when power is 2."""
    stacks = list(dict.fromkeys(r["stack"] for r in train))
    n, d = len(stacks), len(deviating)

    def factors(x, i):
        v = x[:7].copy()
        for j, k in enumerate(deviating):
            v[k] += x[7 + n + i * d + j]
        return np.exp(v)

    def residuals(x):
        out = [np.log(cycles(np.exp(x[7 + stacks.index(r["stack"])]), factors(x, stacks.index(r["stack"])),
                             SUMS[r["bench"]]) / r["cycles"]) for r in train]
        out += list(prior_weight * (x[:7] - PRIORS))
        if d:
            out += list(shrinkage * x[7 + n:])
        out = np.array(out)
        return out if power == 2 else np.sign(out) * np.abs(out) ** (power / 2) * 10 ** (power / 2 - 1)

    x0 = np.concatenate([PRIORS, np.full(n, np.log(4)), np.zeros(n * d)])
    x = least_squares(residuals, x0, loss=loss, f_scale=0.1).x
    return {stack: (np.exp(x[7 + i]), factors(x, i)) for i, stack in enumerate(stacks)}


def predict(model, row, stack):
    rate, f = model[stack]
    return cycles(rate, f, SUMS[row["bench"]]) / (row["mhz"] * 1e3)


def nested(train, grid, criterion, **options):
    """The shrinkage of `grid` (None = no deviations) with the best inner leave-one-benchmark-out score."""
    def score(shrinkage):
        errors = []
        for bench in sorted({r["bench"] for r in train}):
            model = fit([r for r in train if r["bench"] != bench], shrinkage=shrinkage,
                        **(options if shrinkage else {}))
            errors += [abs(np.log(predict(model, r, r["stack"]) / r["ms"])) for r in train if r["bench"] == bench]
        return max(errors) if criterion == "max" else float(np.sqrt(np.mean(np.square(errors))))
    best = min(grid, key=score)
    return fit(train, shrinkage=best, **(options if best else {}))


def leave_one_out(make):
    by_bench, by_board = [], []
    for bench in BENCHMARKS:
        model = make([r for r in ROWS if r["bench"] != bench])
        by_bench += [(r, predict(model, r, r["stack"]) / r["ms"] - 1) for r in ROWS if r["bench"] == bench]
    for board in dict.fromkeys(r["board"] for r in ROWS):
        model = make([r for r in ROWS if r["board"] != board])
        for r in ROWS:
            siblings = [x["stack"] for x in ROWS if x["family"] == r["family"] and x["board"] != board]
            if r["board"] == board and siblings:
                by_board.append((r, predict(model, r, siblings[-1]) / r["ms"] - 1))
    return by_bench, by_board


VARIANTS = [
    ("baseline (log least squares, priors weight 1)", lambda t: fit(t)),
    ("robust loss soft-L1 (scale 0.1)", lambda t: fit(t, loss="soft_l1")),
    ("robust loss Cauchy (scale 0.1)", lambda t: fit(t, loss="cauchy")),
    ("minimax-leaning: sum of (log error)^4", lambda t: fit(t, power=4)),
    ("minimax-leaning: sum of (log error)^8", lambda t: fit(t, power=8)),
    ("prior weight 0.3", lambda t: fit(t, prior_weight=0.3)),
    ("prior weight 3", lambda t: fit(t, prior_weight=3)),
    ("per-stack deviations of all 7 factors, shrinkage 0.3 (fixed, best of 0.3, 1, 3 on these tables)",
     lambda t: fit(t, deviating=tuple(range(7)), shrinkage=0.3)),
    ("per-stack deviations of all 7 factors, shrinkage 1 (fixed)",
     lambda t: fit(t, deviating=tuple(range(7)), shrinkage=1)),
    ("per-stack dense + weight-byte deviations, shrinkage 0.3 (fixed, best of 0.3, 1, 3 on these tables)",
     lambda t: fit(t, deviating=(3, 4), shrinkage=0.3)),
    ("same, power 4", lambda t: fit(t, deviating=(3, 4), shrinkage=0.3, power=4)),
    ("per-stack deviations of all 7, shrinkage by nested CV (max)",
     lambda t: nested(t, [0.1, 0.3, 1, 3, None], "max", deviating=tuple(range(7)))),
    ("per-stack deviations of all 7, shrinkage by nested CV (rms)",
     lambda t: nested(t, [0.1, 0.3, 1, 3, None], "rms", deviating=tuple(range(7)))),
    ("per-stack dense + weight-byte deviations, shrinkage by nested CV (max)",
     lambda t: nested(t, [0.3, 1, 3, None], "max", deviating=(3, 4))),
]

if __name__ == "__main__":
    print("| variant | bench median | bench max | board median | board max | worst rows |")
    print("|---|---:|---:|---:|---:|---|")
    for name, make in VARIANTS:
        by_bench, by_board = leave_one_out(make)
        a = np.abs([e for _, e in by_bench])
        b = np.abs([e for _, e in by_board])
        worst = sorted(by_bench + by_board, key=lambda t: -abs(t[1]))[:3]
        rows = ", ".join(f"{r['stack']} {r['bench']} {100 * e:+.0f} %" for r, e in worst)
        print(f"| {name} | {100 * np.median(a):.1f} % | {100 * a.max():.1f} % | "
              f"{100 * np.median(b):.1f} % | {100 * b.max():.1f} % | {rows} |", flush=True)
