#!/usr/bin/env python3
"""Prints, for every FULLY_CONNECTED of the MLPerf Tiny models, the requantization multiplier computed
two ways: EdgeDistill's writer (scales multiplied in float32, then divided in double) and TFLM's
(all three scales widened to double first), both through TFLite's QuantizeMultiplier.

Usage: python3 tools/differential/fc_multipliers.py [--shared /work/shared]   (needs numpy, tflite-micro)
"""
import argparse, math, os
import numpy as np
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as s


def quantize_multiplier(real):
    if real == 0:
        return 0, 0
    q, e = math.frexp(real)
    f = int(math.floor(abs(q) * 2**31 + 0.5)) * (1 if q >= 0 else -1)  # TfLiteRound: half away from zero
    if f == 2**31:
        f //= 2
        e += 1
    if e < -31:
        f, e = 0, 0
    return f, e


ap = argparse.ArgumentParser()
ap.add_argument("--shared", default="/work/shared")
a = ap.parse_args()
base = os.path.join(a.shared, "conformance", "mlperf-tiny")
for name in ["kws_ref_model", "resnet8_cifar10_int8", "vww_96_int8", "ad01_int8"]:
    m = s.ModelT.InitFromPackedBuf(open(os.path.join(base, name + ".tflite"), "rb").read(), 0)
    g = m.subgraphs[0]
    for i, op in enumerate(g.operators):
        c = m.operatorCodes[op.opcodeIndex]
        if max(c.builtinCode, c.deprecatedBuiltinCode) != s.BuiltinOperator.FULLY_CONNECTED:
            continue
        sx, sw, sy = (np.float32(g.tensors[t].quantization.scale[0]) for t in (op.inputs[0], op.inputs[1], op.outputs[0]))
        edge = quantize_multiplier(float(np.float32(sx * sw)) / float(sy))
        tflm = quantize_multiplier(float(sx) * float(sw) / float(sy))
        print(f"{name:<22} op {i:>2}: EdgeDistill (float product) {edge[0]:>11} shift {edge[1]:>3}   "
              f"TFLM (double product) {tflm[0]:>11} shift {tflm[1]:>3}   {'same' if edge == tflm else 'DIFFERENT'}")
