#!/usr/bin/env python3
"""Writes an int8 MobileNetV2 (alpha 0.35) at 224x224 with seeded random weights, converted by the
TensorFlow Lite converter with int8 inputs and outputs: a person-detection-sized model whose arena
(about 1.4 MB) does not fit the on-chip SRAM of the robot-mcu-m7 profile (STM32H743, 928 KB given to
the arena). Used by tools/region_example.sh; needs `pip install tensorflow-cpu==2.21` (tools only).

usage: make_large_mobilenet.py OUT.tflite [--size 224] [--alpha 0.35]
"""
import argparse
import os
import sys

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("output")
parser.add_argument("--size", type=int, default=224)
parser.add_argument("--alpha", type=float, default=0.35)
args = parser.parse_args()
if os.path.exists(args.output):
    sys.exit(f"make_large_mobilenet.py: {args.output} exists; not overwriting it")
try:
    import numpy as np
    import tensorflow as tf
except ImportError as error:
    sys.exit(f"make_large_mobilenet.py: {error}; install the converter with: pip install tensorflow-cpu==2.21")

tf.keras.utils.set_random_seed(1)
model = tf.keras.applications.MobileNetV2(
    input_shape=(args.size, args.size, 3), alpha=args.alpha, weights=None, classes=2, classifier_activation="softmax")
rng = np.random.default_rng(1)


def representative():
    for _ in range(8):
        yield [rng.uniform(-1, 1, (1, args.size, args.size, 3)).astype(np.float32)]


converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
data = converter.convert()
temporary = args.output + ".partial"
with open(temporary, "wb") as file:
    file.write(data)
os.replace(temporary, args.output)
print(f"{args.output}: {len(data)} bytes, MobileNetV2 alpha {args.alpha} at {args.size}x{args.size}, int8", file=sys.stderr)
