#!/usr/bin/env python3
"""How much the int8 input grid alone costs on the wall-following robot's random split.

A 200-tree random forest (scikit-learn) trained and tested on the 24 raw distances, and on the
distances clipped at 3 m and at 1.25 m (the shipped students' clip), each as is and rounded to the
int8 grid of that clip (256 levels: 1.18 cm steps over 0-3 m, 4.9 mm over 0-1.25 m), and clipped at
1 m and 0.75 m (where the information ends), over stratified 80/20 splits with seeds 1-5. These splits are
scikit-learn's, not the project's seed-1 split (`--data wall-following-robot-random`), so the error
counts compare the inputs with each other, not with the students. Prints a markdown table.

Tools only (a cross-check, never in the product path):
    python3 -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn
    /tmp/sk/bin/python tools/robot_int8_input_limit.py [DATA_DIR]   # default ../shared/datasets
"""
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("EDGE_DISTILL_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets"))
path = os.path.join(data, "wall-following-robot", "sensor_readings_24.data")
if not os.path.exists(path):
    sys.exit(f"robot_int8_input_limit: {path} not found")
rows = [line.strip().split(",") for line in open(path) if line.strip()]
x = np.array([[float(v) for v in row[:24]] for row in rows])
labels = sorted({row[24] for row in rows})
y = np.array([labels.index(row[24]) for row in rows])

def clipped(top):
    return lambda a: np.minimum(a, top)

def int8_grid(top):
    step = top / 255
    return lambda a: np.round(np.minimum(a, top) / step) * step

inputs = [("raw metres", lambda a: a),
          ("clipped at 3 m", clipped(3.0)), ("clipped at 3 m, int8 grid (1.18 cm)", int8_grid(3.0)),
          ("clipped at 1.25 m", clipped(1.25)), ("clipped at 1.25 m, int8 grid (4.9 mm)", int8_grid(1.25)),
          ("clipped at 1 m", clipped(1.0)), ("clipped at 0.75 m", clipped(0.75))]
print("| input | " + " | ".join(f"seed {s}" for s in range(1, 6)) + " | mean |")
print("|---|" + "---:|" * 6)
for name, transform in inputs:
    errors = []
    for seed in range(1, 6):
        train_x, test_x, train_y, test_y = train_test_split(x, y, test_size=0.2, stratify=y, random_state=seed)
        forest = RandomForestClassifier(n_estimators=200, random_state=1, n_jobs=-1).fit(transform(train_x), train_y)
        errors.append(int((forest.predict(transform(test_x)) != test_y).sum()))
        print(f"{name}, seed {seed}: {errors[-1]} errors", file=sys.stderr)
    print(f"| {name} | " + " | ".join(str(e) for e in errors) + f" | {np.mean(errors):.1f} |")
print(f"\nErrors out of {len(test_y)} test rows; forest of 200 trees, random_state 1.")
