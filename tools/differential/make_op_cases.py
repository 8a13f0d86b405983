#!/usr/bin/env python3
"""Per-operator int8 TFLite cases with TFLM golden outputs (differential testing).

For each operator family, build K tiny randomized tf.function models, convert
them with the real TFLite converter to full-integer int8 (same recipe as
/work/shared/conformance/zoo), check which builtin ops came out, and record
TFLM's outputs for 16 int8 input rows (each row run alone, batch 1).

Per case, DIR/<FAMILY>_<k>/ holds:
  model.tflite                 int8 in/out flatbuffer
  inputs.npy                   [16, *input_shape[1:]] int8 (one model input; every
                               model input has a leading 1 and row i is fed as x[None])
  inputs_0.npy, inputs_1.npy   the same per model input (flatbuffer input order)
                               when the model has more than one input
  outputs_tflm.npy             [16, *output_shape] (full output shape, no dim dropped)
  outputs_tflm_0.npy, ...      per model output (flatbuffer order) if several
  ops.txt                      builtin ops in order of first use, with counts
  case.json                    drawn parameters, I/O quantization, per-op details
                               (options, tensor shapes/dtypes/quantization), status
and DIR/summary.json summarises all cases.

Usage (TF 2.21 venv, see README.md):
  python make_op_cases.py --out /tmp/op-cases --cases 2 --seed 0
  python make_op_cases.py --only ADD,CONV_2D --cases 5
  python make_op_cases.py --list
Cases run in --jobs worker processes (TF imported once per worker); a converter
or TFLM abort kills only that worker, which is restarted, and the case is
recorded as converter_crash / tflm_crash. `--tflm-run CASEDIR` reruns TFLM alone
for one case folder.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import zlib

import numpy as np

N_ROWS = 16
N_CALIB = 48
MAX_ELEMS = 1024

# --------------------------------------------------------------------------
# TFLM child: imports only numpy + tflite_micro
# --------------------------------------------------------------------------


def tflm_run(case_dir):
    from tflite_micro.python.tflite_micro import runtime

    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    n_in = len(case["io"]["inputs"])
    n_out = len(case["io"]["outputs"])
    if n_in == 1:
        xs = [np.load(os.path.join(case_dir, "inputs.npy"))]
    else:
        xs = [np.load(os.path.join(case_dir, f"inputs_{i}.npy")) for i in range(n_in)]
    path = os.path.join(case_dir, "model.tflite")
    arena = max(16 << 20, 10 * os.path.getsize(path))
    interp = runtime.Interpreter.from_file(path, arena_size=arena)
    outs = [[] for _ in range(n_out)]
    for r in range(N_ROWS):
        for i in range(n_in):
            interp.set_input(xs[i][r][None], i)
        interp.invoke()
        for j in range(n_out):
            outs[j].append(np.array(interp.get_output(j)))
    for j in range(n_out):
        name = "outputs_tflm.npy" if n_out == 1 else f"outputs_tflm_{j}.npy"
        np.save(os.path.join(case_dir, name), np.stack(outs[j]))


def captured(fn):
    """Run fn() with the process's fds 1 and 2 sent to a temp file (TFLM prints
    its kernel errors from C++); returns (exception or None, captured text)."""
    import ctypes
    import tempfile

    libc = ctypes.CDLL(None)
    with tempfile.TemporaryFile() as tmp:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = [os.dup(1), os.dup(2)]
        os.dup2(tmp.fileno(), 1)
        os.dup2(tmp.fileno(), 2)
        err = None
        try:
            fn()
        except Exception as e:
            err = e
        finally:
            libc.fflush(None)
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        tmp.seek(0)
        text = tmp.read().decode(errors="replace")
    return err, text


# --------------------------------------------------------------------------
# random drawing helpers
# --------------------------------------------------------------------------

RANGE_KINDS = ["sym", "asym", "pos", "neg", "offset", "tiny", "wide"]


def draw_range(rng, kind=None, positive=False):
    """A float range [lo, hi] for calibration data; kinds vary scale and zero point."""
    if positive:
        m = 10 ** rng.uniform(-2, 2)
        lo = m * rng.uniform(0.001, 0.5)  # lo = 0 gives rsqrt(0) = inf and a converter abort
        return "pos", float(lo), float(m)
    k = kind or str(rng.choice(RANGE_KINDS))
    m = 10 ** rng.uniform(-2, 1.5)
    if k == "sym":
        lo, hi = -m, m
    elif k == "asym":
        r = 10 ** rng.uniform(-2, -0.1)
        lo, hi = (-m * r, m) if rng.random() < 0.5 else (-m, m * r)
    elif k == "pos":
        lo, hi = 0.0, m
    elif k == "neg":
        lo, hi = -m, 0.0
    elif k == "offset":  # range not containing 0: the converter stretches it to 0
        c = m * rng.uniform(2, 10) * rng.choice([-1, 1])
        w = m * rng.uniform(0.05, 0.5)
        lo, hi = c - w / 2, c + w / 2
    elif k == "tiny":  # near-degenerate: tiny scale
        m = 10 ** rng.uniform(-5, -2.5)
        lo, hi = -m * rng.uniform(0, 1), m
    else:  # wide
        m = 10 ** rng.uniform(2, 3.5)
        lo, hi = -m * rng.uniform(0.05, 1), m
    return k, float(lo), float(hi)


def rand_dims(rng, rank, lo=1, hi=6, cap=MAX_ELEMS):
    while True:
        s = [int(rng.integers(lo, hi + 1)) for _ in range(rank)]
        if int(np.prod(s)) <= cap:
            return s


def rand_weights(rng, shape, out_axis):
    """Weights with widely spread per-output-channel magnitudes (per-channel quant)."""
    w = rng.standard_normal(shape)
    n = shape[out_axis]
    mags = 10 ** rng.uniform(-2.5, 0.5, size=n)
    bshape = [1] * len(shape)
    bshape[out_axis] = n
    w = w * mags.reshape(bshape)
    notes = []
    if n > 1 and rng.random() < 0.2:  # one all-zero output channel
        c = int(rng.integers(n))
        idx = [slice(None)] * len(shape)
        idx[out_axis] = c
        w[tuple(idx)] = 0
        notes.append(f"zero_channel={c}")
    if rng.random() < 0.2:  # one outlier weight
        flat = w.reshape(-1)
        flat[int(rng.integers(flat.size))] *= 25
        notes.append("outlier")
    return w.astype(np.float32), notes


def rand_const(rng, shape):
    k, lo, hi = draw_range(rng)
    v = rng.uniform(lo, hi, size=shape).astype(np.float32)
    return v, {"range_kind": k, "lo": lo, "hi": hi}


def act_fn(tf, name):
    return {None: None, "relu": tf.nn.relu, "relu6": tf.nn.relu6}[name]


class Case:
    """A drawn case: inputs (model inputs), fn(*tensors), params, target ops."""

    def __init__(self, target):
        self.target = target if isinstance(target, list) else [target]
        self.inputs = []  # dicts: name, model_shape, op_shape, lo, hi, kind
        self.params = {}
        self.fn = None
        self.keep = []  # keras layers to keep alive / track

    def add_input(self, rng, op_shape, positive=False, kind=None, force_reshape=False):
        """Model inputs are [1, ...]; other shapes come in as [1, N] and a RESHAPE."""
        k, lo, hi = draw_range(rng, kind=kind, positive=positive)
        op_shape = [int(d) for d in op_shape]
        direct = len(op_shape) >= 2 and op_shape[0] == 1 and not force_reshape
        model_shape = op_shape if direct else [1, max(1, int(np.prod(op_shape)))]
        self.inputs.append(
            dict(
                name=f"x{len(self.inputs)}",
                model_shape=model_shape,
                op_shape=op_shape,
                reshaped=not direct,
                range_kind=k,
                lo=lo,
                hi=hi,
            )
        )
        return len(self.inputs) - 1


def maybe_batch_shape(rng, rank, **kw):
    """Op-operand shape of a given rank; often (not always) with leading 1."""
    s = rand_dims(rng, rank, **kw)
    if rank >= 2 and rng.random() < 0.6:
        s[0] = 1
    return s


# --------------------------------------------------------------------------
# families
# --------------------------------------------------------------------------

FAMILIES = {}
# Case index k: some families alternate a structural variant with k so that even
# --cases 2 covers both (FC rank 2/3, constant vs activation operand, dilation).
_K = [0]


def lname(kind):
    """Fixed Keras layer names: auto-names depend on what the process built before,
    and they end up in the flatbuffer's tensor names."""
    return f"{kind}_k{_K[0]}"


def family(name):
    def deco(f):
        FAMILIES[name] = f
        return f

    return deco


def _fc(tf, keras, rng):
    c = Case("FULLY_CONNECTED")
    rank = [2, 3, 2, 4][_K[0] % 4]
    fin = int(rng.integers(1, 41))
    units = int(rng.integers(1, 25))
    lead = [1] + rand_dims(rng, rank - 2, hi=5) if rank > 2 else [1]
    shape = lead + [fin]
    c.add_input(rng, shape)
    use_bias = bool(rng.random() < 0.7)
    act = rng.choice([None, None, "relu", "relu6"])
    w, notes = rand_weights(rng, [fin, units], 1)
    b = (rng.standard_normal(units) * 10 ** rng.uniform(-2, 0.5)).astype(np.float32)
    layer = keras.layers.Dense(units, use_bias=use_bias, activation=act, name=lname("dense"))
    layer.build(tuple(shape))
    layer.set_weights([w, b] if use_bias else [w])
    c.keep.append(layer)
    c.fn = lambda x: layer(x)
    c.params = dict(input_shape=shape, units=units, use_bias=use_bias, activation=act, weight_notes=notes)
    return c


family("FULLY_CONNECTED")(_fc)


def _bcast_shapes(rng, rank):
    s = rand_dims(rng, rank, hi=5, cap=512)
    pattern = str(rng.choice(["same", "bcast_b", "bcast_both", "lower_rank_b", "scalar_b", "bcast_a"]))
    a, b = list(s), list(s)
    if pattern == "bcast_b":
        for i in range(rank):
            if rng.random() < 0.5:
                b[i] = 1
    elif pattern == "bcast_a":
        for i in range(rank):
            if rng.random() < 0.5:
                a[i] = 1
    elif pattern == "bcast_both":
        for i in range(rank):
            r = rng.random()
            if r < 0.35:
                a[i] = 1
            elif r < 0.7:
                b[i] = 1
    elif pattern == "lower_rank_b":
        k = int(rng.integers(1, rank + 1))
        b = s[k:]
        b = [d if rng.random() < 0.7 else 1 for d in b]
    elif pattern == "scalar_b":
        b = []
    return pattern, a, b


def _binary(tf, rng, opname, tf_op, allow_act):
    c = Case(opname)
    rank = int(rng.integers(1, 6))
    pattern, sa, sb = _bcast_shapes(rng, rank)
    if rank >= 2 and rng.random() < 0.5:
        sa[0] = 1
    c.add_input(rng, sa)
    b_const = _K[0] % 2 == 1
    swap = bool(rng.random() < 0.3)  # constant/second operand on the left
    act = str(rng.choice(["relu", "relu6"])) if allow_act and rng.random() < 0.3 else None
    p = dict(rank=rank, pattern=pattern, a_shape=sa, b_shape=sb, b_const=b_const, swap=swap, activation=act)
    if b_const:
        bv, binfo = rand_const(rng, sb)
        if opname in ("MAXIMUM", "MINIMUM"):
            bv = np.where(np.abs(bv) < 1e-6, np.float32(0.1), bv).astype(np.float32)
        p["b_const_info"] = binfo
        bt = tf.constant(bv)

        def fn(x):
            y = tf_op(bt, x) if swap else tf_op(x, bt)
            return act_fn(tf, act)(y) if act else y

    else:
        c.add_input(rng, sb)

        def fn(x, y):
            z = tf_op(y, x) if swap else tf_op(x, y)
            return act_fn(tf, act)(z) if act else z

    c.fn = fn
    c.params = p
    return c


def _reg_binary(name, opf, allow_act):
    def f(tf, keras, rng):
        return _binary(tf, rng, name, opf(tf), allow_act)

    FAMILIES[name] = f


_reg_binary("ADD", lambda tf: tf.add, True)
_reg_binary("SUB", lambda tf: tf.subtract, True)
_reg_binary("MUL", lambda tf: tf.multiply, True)
_reg_binary("SQUARED_DIFFERENCE", lambda tf: tf.math.squared_difference, False)
_reg_binary("MAXIMUM", lambda tf: tf.maximum, False)
_reg_binary("MINIMUM", lambda tf: tf.minimum, False)


def _rand_axes(rng, rank):
    n = int(rng.integers(1, rank + 1))
    axes = sorted(rng.choice(rank, size=n, replace=False).tolist())
    return [int(a - rank) if rng.random() < 0.3 else int(a) for a in axes]


def _reduce(tf, rng, opname, tf_op):
    c = Case(opname)
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=6)
    axes = _rand_axes(rng, rank)
    if all(s[a] == 1 for a in axes):  # reducing only size-1 axes becomes a RESHAPE
        s[axes[0]] = int(rng.integers(2, 5))
    c.add_input(rng, s)
    keep = bool(rng.random() < 0.5)
    c.fn = lambda x: tf_op(x, axis=axes, keepdims=keep)
    c.params = dict(shape=s, axes=axes, keepdims=keep)
    return c


for _n, _f in [("MEAN", "reduce_mean"), ("SUM", "reduce_sum"), ("REDUCE_MAX", "reduce_max")]:
    FAMILIES[_n] = (lambda n, f: (lambda tf, keras, rng: _reduce(tf, rng, n, getattr(tf, f))))(_n, _f)


@family("ARG_MAX")
def _argmax(tf, keras, rng):
    c = Case("ARG_MAX")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=6)
    c.add_input(rng, s)
    axis = int(rng.integers(-rank, rank))
    ot = "int32"  # TFLM ARG_MAX refuses int64 output ("Only int32_t are supported currently")
    c.fn = lambda x: tf.math.argmax(x, axis=axis, output_type=getattr(tf, ot))
    c.params = dict(shape=s, axis=axis, output_type=ot)
    return c


@family("CONCATENATION")
def _concat(tf, keras, rng):
    c = Case("CONCATENATION")
    rank = int(rng.integers(1, 6))
    n = int(rng.integers(2, 5))
    base = maybe_batch_shape(rng, rank, hi=5, cap=256)
    axis = int(rng.integers(-rank, rank))
    shapes, consts, ops = [], [], []
    for i in range(n):
        s = list(base)
        s[axis] = int(rng.integers(1, 5))
        shapes.append(s)
        if i > 0 and rng.random() < 0.25:
            v, info = rand_const(rng, s)
            consts.append(info)
            ops.append(("c", v))
        else:
            ops.append(("x", c.add_input(rng, s)))
            consts.append(None)

    def fn(*xs):
        parts = [xs[j] if k == "x" else tf.constant(j) for k, j in ops]
        return tf.concat(parts, axis=axis)

    c.fn = fn
    c.params = dict(shapes=shapes, axis=axis, const_operands=consts)
    return c


@family("SPLIT")
def _split(tf, keras, rng):
    c = Case("SPLIT")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=4, cap=256)
    axis = int(rng.integers(-rank, rank))
    num = int(rng.integers(2, 5))
    s[axis] = num * int(rng.integers(1, 3))
    c.add_input(rng, s)
    c.fn = lambda x: tuple(tf.split(x, num, axis=axis))
    c.params = dict(shape=s, axis=axis, num=num)
    return c


@family("SPLIT_V")
def _splitv(tf, keras, rng):
    c = Case("SPLIT_V")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=4, cap=256)
    axis = int(rng.integers(-rank, rank))
    num = int(rng.integers(2, 5))
    sizes = [int(rng.integers(1, 4)) for _ in range(num)]
    s[axis] = sum(sizes)
    given = list(sizes)
    if rng.random() < 0.4:
        given[int(rng.integers(num))] = -1
    c.add_input(rng, s)
    c.fn = lambda x: tuple(tf.split(x, given, axis=axis))
    c.params = dict(shape=s, axis=axis, size_splits=given)
    return c


@family("PACK")
def _pack(tf, keras, rng):
    c = Case("PACK")
    rank = int(rng.integers(1, 5))
    s = maybe_batch_shape(rng, rank, hi=5, cap=256)
    n = int(rng.integers(2, 5))
    axis = int(rng.integers(-(rank + 1), rank + 1))
    for _ in range(n):
        c.add_input(rng, s)
    c.fn = lambda *xs: tf.stack(list(xs), axis=axis)
    c.params = dict(shape=s, n=n, axis=axis)
    return c


@family("UNPACK")
def _unpack(tf, keras, rng):
    c = Case("UNPACK")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=4, cap=256)
    axis = int(rng.integers(-rank, rank))
    s[axis] = int(rng.integers(2, 5))
    c.add_input(rng, s)
    c.fn = lambda x: tuple(tf.unstack(x, axis=axis))
    c.params = dict(shape=s, axis=axis)
    return c


@family("STRIDED_SLICE")
def _sslice(tf, keras, rng):
    c = Case("STRIDED_SLICE")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=7, cap=512)
    begin, end, strides = [], [], []
    bm = em = sm = 0
    for i, d in enumerate(s):
        if d > 1 and rng.random() < 0.15 and sm == 0:
            idx = int(rng.integers(-d, d))
            begin.append(idx)
            end.append(idx + 1 if idx != -1 else 0)
            strides.append(1)
            sm |= 1 << i
            if idx == -1:
                em |= 1 << i
            continue
        st = int(rng.choice([1, 1, 2, 3, -1, -2]))
        b = int(rng.integers(-d, d))
        e = int(rng.integers(-d - 1, d + 1))
        if rng.random() < 0.25:
            bm |= 1 << i
        if rng.random() < 0.25:
            em |= 1 << i
        begin.append(b)
        end.append(e)
        strides.append(st)
    c.add_input(rng, s)
    c.fn = lambda x: tf.strided_slice(
        x, begin, end, strides, begin_mask=bm, end_mask=em, shrink_axis_mask=sm
    )
    c.params = dict(shape=s, begin=begin, end=end, strides=strides, begin_mask=bm, end_mask=em, shrink_axis_mask=sm)
    return c


@family("SLICE")
def _slice(tf, keras, rng):
    c = Case("SLICE")
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=7, cap=512)
    begin, size = [], []
    for d in s:
        b = int(rng.integers(0, d))
        begin.append(b)
        size.append(-1 if rng.random() < 0.25 else int(rng.integers(1, d - b + 1)))
    if all(b == 0 and (z == -1 or z == d) for b, z, d in zip(begin, size, s)):  # identity slice
        i = int(rng.integers(rank))
        s[i] = max(s[i], 2)
        begin[i] = 1
        size[i] = -1
    c.add_input(rng, s)
    c.fn = lambda x: tf.slice(x, begin, size)
    c.params = dict(shape=s, begin=begin, size=size)
    return c


@family("TRANSPOSE")
def _transpose(tf, keras, rng):
    c = Case("TRANSPOSE")
    rank = int(rng.integers(2, 6))
    s = rand_dims(rng, rank, lo=1, hi=5, cap=512)
    for _ in range(100):
        perm = rng.permutation(rank).tolist()
        nz = [i for i in range(rank) if s[i] > 1]
        moved = [p for p in perm if s[p] > 1]
        if moved != nz:  # non-trivial dims reordered: not a reshape
            break
    else:
        s = [2] * rank
        perm = list(range(rank))[::-1]
    c.add_input(rng, s)
    c.fn = lambda x: tf.transpose(x, perm)
    c.params = dict(shape=s, perm=[int(p) for p in perm])
    return c


@family("SQUEEZE")
def _squeeze(tf, keras, rng):
    c = Case("SQUEEZE")
    rank = int(rng.integers(2, 6))
    s = rand_dims(rng, rank, hi=5, cap=512)
    ones = [i for i in range(rank) if rng.random() < 0.5]
    if not ones:
        ones = [int(rng.integers(rank))]
    for i in ones:
        s[i] = 1
    axis = None if rng.random() < 0.3 else [int(i) for i in ones if rng.random() < 0.7] or [ones[0]]
    c.add_input(rng, s)
    c.fn = lambda x: tf.squeeze(x, axis=axis)
    c.params = dict(shape=s, axis=axis)
    return c


@family("EXPAND_DIMS")
def _expand(tf, keras, rng):
    c = Case("EXPAND_DIMS")
    rank = int(rng.integers(1, 5))
    s = maybe_batch_shape(rng, rank, hi=5, cap=512)
    axis = int(rng.integers(-(rank + 1), rank + 1))
    c.add_input(rng, s)
    c.fn = lambda x: tf.expand_dims(x, axis)
    c.params = dict(shape=s, axis=axis)
    return c


def _pad(tf, rng, opname):
    c = Case(opname)
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=5, cap=256)
    pads = [[int(rng.integers(0, 3)), int(rng.integers(0, 3))] for _ in range(rank)]
    if all(a == 0 and b == 0 for a, b in pads):
        pads[-1][1] = 1
    c.add_input(rng, s)
    i = c.inputs[0]
    if opname == "PADV2":
        cv = float(rng.uniform(i["lo"], i["hi"]) if rng.random() < 0.7 else rng.uniform(-2, 2) * max(abs(i["lo"]), abs(i["hi"])))
        if cv == 0.0:
            cv = 0.5 * i["hi"] or -0.5
        c.fn = lambda x: tf.pad(x, pads, constant_values=cv)
        c.params = dict(shape=s, paddings=pads, constant_value=cv)
    else:
        c.fn = lambda x: tf.pad(x, pads)
        c.params = dict(shape=s, paddings=pads)
    return c


family("PAD")(lambda tf, keras, rng: _pad(tf, rng, "PAD"))
family("PADV2")(lambda tf, keras, rng: _pad(tf, rng, "PADV2"))


def _unary(tf, rng, opname, fn_of, positive=False, extra=None):
    c = Case(opname)
    rank = int(rng.integers(1, 6))
    s = maybe_batch_shape(rng, rank, hi=6, cap=512)
    c.add_input(rng, s, positive=positive)
    p = dict(shape=s)
    if extra:
        p.update(extra(rng))
    c.fn = fn_of(tf, p)
    c.params = p
    return c


def _reg_unary(name, fn_of, positive=False, extra=None):
    FAMILIES[name] = lambda tf, keras, rng: _unary(tf, rng, name, fn_of, positive, extra)


_reg_unary("LOGISTIC", lambda tf, p: tf.math.sigmoid)
_reg_unary("TANH", lambda tf, p: tf.math.tanh)
_reg_unary("HARD_SWISH", lambda tf, p: (lambda x: x * tf.nn.relu6(x + 3.0) * (1.0 / 6.0)))
_reg_unary(
    "LEAKY_RELU",
    lambda tf, p: (lambda x: tf.nn.leaky_relu(x, alpha=p["alpha"])),
    extra=lambda rng: dict(alpha=float(rng.choice([rng.uniform(0.01, 0.99), rng.uniform(1.01, 3.0), 0.2]))),
)
_reg_unary("RELU", lambda tf, p: tf.nn.relu)
_reg_unary("RELU6", lambda tf, p: tf.nn.relu6)
_reg_unary("RSQRT", lambda tf, p: tf.math.rsqrt, positive=True)


@family("PRELU")
def _prelu(tf, keras, rng):
    c = Case("PRELU")
    rank = int(rng.integers(2, 5))
    s = rand_dims(rng, rank, hi=6, cap=512)
    s[0] = 1
    c.add_input(rng, s)
    shared = [i for i in range(1, rank) if rng.random() < 0.4]
    layer = keras.layers.PReLU(shared_axes=shared or None, name=lname("prelu"))
    layer.build(tuple(s))
    ashape = layer.get_weights()[0].shape
    alpha = rng.uniform(-0.5, 1.5, size=ashape).astype(np.float32)
    layer.set_weights([alpha])
    c.keep.append(layer)
    c.fn = lambda x: layer(x)
    c.params = dict(shape=s, shared_axes=shared, alpha_shape=list(ashape))
    return c


@family("BATCH_MATMUL")
def _bmm(tf, keras, rng):
    c = Case("BATCH_MATMUL")
    rank = int(rng.integers(2, 6))
    m, k, n = (int(rng.integers(1, 9)) for _ in range(3))
    batch = rand_dims(rng, rank - 2, hi=3)
    ba, bb = list(batch), list(batch)
    for i in range(rank - 2):
        r = rng.random()
        if r < 0.2:
            ba[i] = 1
        elif r < 0.4:
            bb[i] = 1
    adj_x, adj_y = bool(rng.random() < 0.3), bool(rng.random() < 0.3)
    sa = ba + ([k, m] if adj_x else [m, k])
    sb = bb + ([n, k] if adj_y else [k, n])
    c.add_input(rng, sa)
    c.add_input(rng, sb)
    c.fn = lambda x, y: tf.linalg.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y)
    c.params = dict(a_shape=sa, b_shape=sb, adj_x=adj_x, adj_y=adj_y)
    return c


def _img(rng, hmax=10, cmax=8):
    return [1, int(rng.integers(1, hmax + 1)), int(rng.integers(1, hmax + 1)), int(rng.integers(1, cmax + 1))]


@family("TRANSPOSE_CONV")
def _tconv(tf, keras, rng):
    c = Case("TRANSPOSE_CONV")
    s = _img(rng, hmax=7)
    kh, kw = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    sh, sw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    pad = str(rng.choice(["same", "valid"]))
    cout = int(rng.integers(1, 9))
    use_bias = bool(rng.random() < 0.7)
    c.add_input(rng, s)
    layer = keras.layers.Conv2DTranspose(cout, (kh, kw), strides=(sh, sw), padding=pad, use_bias=use_bias, name=lname("tconv"))
    layer.build(tuple(s))
    w, notes = rand_weights(rng, [kh, kw, cout, s[3]], 2)
    b = (rng.standard_normal(cout) * 10 ** rng.uniform(-2, 0.5)).astype(np.float32)
    layer.set_weights([w, b] if use_bias else [w])
    c.keep.append(layer)
    c.fn = lambda x: layer(x)
    c.params = dict(shape=s, kernel=[kh, kw], strides=[sh, sw], padding=pad, filters=cout, use_bias=use_bias, weight_notes=notes)
    return c


def _resize(tf, rng, opname):
    c = Case(opname)
    s = _img(rng, hmax=8, cmax=4)
    oh = int(rng.integers(1, 2 * s[1] + 3))
    ow = int(rng.integers(1, 2 * s[2] + 3))
    ac = bool(rng.random() < 0.35)
    hp = (not ac) and bool(rng.random() < 0.6)
    c.add_input(rng, s)
    op = tf.raw_ops.ResizeBilinear if opname == "RESIZE_BILINEAR" else tf.raw_ops.ResizeNearestNeighbor
    c.fn = lambda x: op(images=x, size=[oh, ow], align_corners=ac, half_pixel_centers=hp)
    c.params = dict(shape=s, size=[oh, ow], align_corners=ac, half_pixel_centers=hp)
    return c


family("RESIZE_NEAREST_NEIGHBOR")(lambda tf, keras, rng: _resize(tf, rng, "RESIZE_NEAREST_NEIGHBOR"))
family("RESIZE_BILINEAR")(lambda tf, keras, rng: _resize(tf, rng, "RESIZE_BILINEAR"))


@family("GATHER")
def _gather(tf, keras, rng):
    c = Case("GATHER")
    rank = int(rng.integers(1, 5))
    s = maybe_batch_shape(rng, rank, hi=6, cap=512)
    axis = int(rng.integers(0, rank))
    batch_dims = 0
    if axis >= 1 and rng.random() < 0.3:
        batch_dims = 1
    irank = int(rng.integers(batch_dims, 3)) if batch_dims == 0 else int(rng.integers(1, 3))
    ishape = [int(rng.integers(1, 5)) for _ in range(irank)]
    if batch_dims:
        ishape[0] = s[0]
    idx = rng.integers(0, s[axis], size=ishape).astype(np.int32)
    c.add_input(rng, s)
    c.fn = lambda x: tf.gather(x, tf.constant(idx), axis=axis, batch_dims=batch_dims)
    c.params = dict(shape=s, axis=axis, batch_dims=batch_dims, indices=idx.tolist())
    return c


def _conv_common(rng, s, depthwise):
    kh, kw = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    if _K[0] % 2 == 1:  # dilated (TF needs stride 1 with dilation)
        dil = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        if dil == [1, 1]:
            dil[int(rng.integers(2))] = 2
        st = [1, 1]
    else:
        dil = [1, 1]
        st = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    pad = str(rng.choice(["SAME", "VALID"]))
    if pad == "VALID":  # keep the output non-empty
        s[1] = max(s[1], (kh - 1) * dil[0] + 1)
        s[2] = max(s[2], (kw - 1) * dil[1] + 1)
    return kh, kw, st, dil, pad


@family("CONV_2D")
def _conv(tf, keras, rng):
    c = Case("CONV_2D")
    s = _img(rng, hmax=10)
    kh, kw, st, dil, pad = _conv_common(rng, s, False)
    cout = int(rng.integers(1, 9))
    w, notes = rand_weights(rng, [kh, kw, s[3], cout], 3)
    use_bias = bool(rng.random() < 0.7)
    b = (rng.standard_normal(cout) * 10 ** rng.uniform(-2, 0.5)).astype(np.float32)
    act = rng.choice([None, "relu", "relu6"])
    c.add_input(rng, s)

    def fn(x):
        y = tf.nn.conv2d(x, tf.constant(w), strides=[1] + st + [1], padding=pad, dilations=[1] + dil + [1])
        if use_bias:
            y = y + tf.constant(b)
        return act_fn(tf, act)(y) if act else y

    c.fn = fn
    c.params = dict(shape=s, kernel=[kh, kw], filters=cout, strides=st, dilation=dil, padding=pad, use_bias=use_bias, activation=act, weight_notes=notes)
    return c


@family("DEPTHWISE_CONV_2D")
def _dwconv(tf, keras, rng):
    c = Case("DEPTHWISE_CONV_2D")
    s = _img(rng, hmax=10)
    kh, kw, st, dil, pad = _conv_common(rng, s, True)
    if st[0] != st[1]:  # tf.nn.depthwise_conv2d needs equal strides
        st[1] = st[0]
    mult = int(rng.choice([1, 1, 2, 3]))
    w, notes = rand_weights(rng, [kh, kw, s[3], mult], 2)
    use_bias = bool(rng.random() < 0.7)
    b = (rng.standard_normal(s[3] * mult) * 10 ** rng.uniform(-2, 0.5)).astype(np.float32)
    act = rng.choice([None, "relu", "relu6"])
    c.add_input(rng, s)

    def fn(x):
        y = tf.nn.depthwise_conv2d(x, tf.constant(w), strides=[1] + st + [1], padding=pad, dilations=dil)
        if use_bias:
            y = y + tf.constant(b)
        return act_fn(tf, act)(y) if act else y

    c.fn = fn
    c.params = dict(shape=s, kernel=[kh, kw], depth_multiplier=mult, strides=st, dilation=dil, padding=pad, use_bias=use_bias, activation=act, weight_notes=notes)
    return c


def _pool(tf, rng, opname):
    c = Case(opname)
    s = _img(rng, hmax=10)
    k = [int(rng.integers(1, 5)), int(rng.integers(1, 5))]
    st = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    pad = str(rng.choice(["SAME", "VALID"]))
    if pad == "VALID":
        s[1], s[2] = max(s[1], k[0]), max(s[2], k[1])
    c.add_input(rng, s)
    op = tf.nn.avg_pool2d if opname == "AVERAGE_POOL_2D" else tf.nn.max_pool2d
    c.fn = lambda x: op(x, ksize=k, strides=st, padding=pad)
    c.params = dict(shape=s, ksize=k, strides=st, padding=pad)
    return c


family("AVERAGE_POOL_2D")(lambda tf, keras, rng: _pool(tf, rng, "AVERAGE_POOL_2D"))
family("MAX_POOL_2D")(lambda tf, keras, rng: _pool(tf, rng, "MAX_POOL_2D"))


@family("SOFTMAX")
def _softmax(tf, keras, rng):
    c = Case("SOFTMAX")
    rank = int(rng.integers(1, 5))
    s = maybe_batch_shape(rng, rank, hi=12, cap=512)
    c.add_input(rng, s)
    beta = float(rng.choice([1.0, 1.0, rng.uniform(0.1, 4.0)]))
    c.fn = (lambda x: tf.nn.softmax(x * beta, axis=-1)) if beta != 1.0 else (lambda x: tf.nn.softmax(x, axis=-1))
    c.params = dict(shape=s, beta=beta)
    return c


@family("LAYER_NORM")
def _layernorm(tf, keras, rng):
    c = Case(["MEAN", "RSQRT"])
    rank = int(rng.integers(2, 5))
    s = rand_dims(rng, rank, hi=8, cap=512)
    s[0] = 1
    s[-1] = max(s[-1], 2)
    c.add_input(rng, s)
    axis = -1 if rng.random() < 0.7 else sorted({-1, int(rng.integers(1, rank))})
    center, scale = bool(rng.random() < 0.8), bool(rng.random() < 0.8)
    eps = float(10 ** rng.uniform(-6, -2))
    layer = keras.layers.LayerNormalization(axis=axis, epsilon=eps, center=center, scale=scale, name=lname("layer_norm"))
    layer.build(tuple(s))
    ws = [rng.uniform(-2, 2, size=w.shape).astype(np.float32) for w in layer.get_weights()]
    layer.set_weights(ws)
    c.keep.append(layer)
    c.fn = lambda x: layer(x)
    c.params = dict(shape=s, axis=axis, epsilon=eps, center=center, scale=scale)
    return c


ORDER = [
    "FULLY_CONNECTED", "ADD", "SUB", "MUL", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM",
    "MEAN", "SUM", "REDUCE_MAX", "ARG_MAX", "CONCATENATION", "SPLIT", "SPLIT_V", "PACK",
    "UNPACK", "STRIDED_SLICE", "SLICE", "TRANSPOSE", "SQUEEZE", "EXPAND_DIMS", "PAD",
    "PADV2", "LOGISTIC", "TANH", "HARD_SWISH", "LEAKY_RELU", "PRELU", "RELU", "RELU6",
    "RSQRT", "BATCH_MATMUL", "TRANSPOSE_CONV", "RESIZE_NEAREST_NEIGHBOR", "RESIZE_BILINEAR",
    "GATHER", "CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "MAX_POOL_2D", "SOFTMAX",
    "LAYER_NORM",
]
assert set(ORDER) == set(FAMILIES), set(ORDER) ^ set(FAMILIES)

# --------------------------------------------------------------------------
# conversion + flatbuffer inspection
# --------------------------------------------------------------------------


def wrapped_fn(tf, case):
    def f(*xs):
        ys = []
        for x, spec in zip(xs, case.inputs):
            ys.append(tf.reshape(x, spec["op_shape"]) if spec["reshaped"] else x)
        return case.fn(*ys)

    return f


def calib_samples(case, seed):
    rng = np.random.default_rng(seed)
    out = []
    for n in range(N_CALIB):
        row = []
        for spec in case.inputs:
            lo, hi, sh = spec["lo"], spec["hi"], spec["model_shape"]
            if n == 0:
                v = np.full(sh, lo)
            elif n == 1:
                v = np.full(sh, hi)
            else:
                v = rng.uniform(lo, hi, size=sh)
            row.append(v.astype(np.float32))
        out.append(row)
    return out


def convert(tf, case, seed):
    specs = [tf.TensorSpec(s["model_shape"], tf.float32, name=s["name"]) for s in case.inputs]
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

    func = tf.function(wrapped_fn(tf, case), input_signature=specs)
    # Keras 3 layer variables are frozen here: handing the layer/model to
    # from_concrete_functions as trackable_obj left READ_VARIABLE ops in TF 2.21.
    concrete = convert_variables_to_constants_v2(func.get_concrete_function())
    conv = tf.lite.TFLiteConverter.from_concrete_functions([concrete])
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    samples = calib_samples(case, seed)
    conv.representative_dataset = lambda: iter(samples)
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    return conv.convert()


def _jsonable(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def inspect_model(buf):
    from tensorflow.lite.python import schema_py_generated as fb

    opnames = {v: k for k, v in vars(fb.BuiltinOperator).items() if not k.startswith("_")}
    tnames = {v: k for k, v in vars(fb.TensorType).items() if not k.startswith("_")}
    model = fb.ModelT.InitFromPackedBuf(bytearray(buf), 0)
    sg = model.subgraphs[0]

    def tinfo(i):
        if i < 0:
            return None
        t = sg.tensors[i]
        q = t.quantization
        d = dict(
            index=int(i),
            name=t.name.decode() if isinstance(t.name, bytes) else t.name,
            shape=[int(x) for x in (t.shape if t.shape is not None else [])],
            dtype=tnames.get(t.type, str(t.type)).lower(),
            const=bool(model.buffers[t.buffer].data is not None and len(model.buffers[t.buffer].data) > 0),
        )
        if q is not None and q.scale is not None and len(q.scale) > 0:
            d["n_scales"] = int(len(q.scale))
            if len(q.scale) == 1:
                d["scale"] = float(q.scale[0])
                d["zero_point"] = int(q.zeroPoint[0])
            else:
                d["quantized_dimension"] = int(q.quantizedDimension)
        return d

    ops = []
    for op in sg.operators:
        oc = model.operatorCodes[op.opcodeIndex]
        code = max(int(oc.builtinCode), int(oc.deprecatedBuiltinCode))
        opts = {}
        if op.builtinOptions is not None:
            opts = {k: _jsonable(v) for k, v in vars(op.builtinOptions).items()}
        ops.append(
            dict(
                op=opnames.get(code, str(code)),
                version=int(oc.version),
                options=opts,
                inputs=[tinfo(i) for i in op.inputs],
                outputs=[tinfo(i) for i in op.outputs],
            )
        )
    io = dict(inputs=[tinfo(i) for i in sg.inputs], outputs=[tinfo(i) for i in sg.outputs])
    return ops, io


def op_notes(ops):
    float_ops = sorted({o["op"] for o in ops if o["op"] != "DEQUANTIZE" and any(t and t["dtype"] == "float32" for t in o["outputs"])})
    requant = sum(1 for o in ops if o["op"] == "QUANTIZE" and o["inputs"][0]["dtype"] != "float32")
    notes = dict(float_ops=float_ops, requantize_ops=requant)
    for o in ops:
        if o["op"] == "FULLY_CONNECTED":
            notes["fc_keep_num_dims"] = bool(o["options"].get("keepNumDims"))
            notes["fc_weight_scales"] = o["inputs"][1].get("n_scales")
        if o["op"] in ("CONV_2D", "DEPTHWISE_CONV_2D", "TRANSPOSE_CONV"):
            w = o["inputs"][1]
            notes.setdefault("weight_scales", []).append(w.get("n_scales"))
    return notes


# --------------------------------------------------------------------------
# one case
# --------------------------------------------------------------------------


def make_rows(rng, io_in, case):
    """16 int8 rows per model input; kinds listed in ROW_KINDS."""
    xs = []
    calib_rng = np.random.default_rng(rng.integers(1 << 31))
    by_name = {s["name"]: s for s in case.inputs}
    for i, t in enumerate(io_in):
        shape = t["shape"][1:]
        zp = t.get("zero_point", 0)
        sc = t.get("scale", 1.0)
        # flatbuffer inputs carry the TensorSpec names (x0, x1, ...)
        spec = by_name.get(t["name"], case.inputs[i] if i < len(case.inputs) else None)
        rows = np.zeros([N_ROWS] + shape, dtype=np.int8)
        rows[0] = -128
        rows[1] = 127
        alt = np.where((np.arange(int(np.prod(shape)) if shape else 1) + i) % 2 == 0, -128, 127)
        rows[2] = alt.reshape(shape).astype(np.int8)
        rows[3] = np.clip(zp, -128, 127)
        rows[4:10] = rng.integers(-128, 128, size=[6] + shape)
        if spec is not None:
            f = calib_rng.uniform(spec["lo"], spec["hi"], size=[6] + shape)
            rows[10:16] = np.clip(np.round(f / sc) + zp, -128, 127).astype(np.int8)
        else:
            rows[10:16] = rng.integers(-128, 128, size=[6] + shape)
        xs.append(rows)
    return xs


ROW_KINDS = ["all -128", "all 127", "alternating -128/127 (phase = input index)", "all zero_point",
             "uniform int8", "uniform int8", "uniform int8", "uniform int8", "uniform int8", "uniform int8",
             "quantized calibration-range floats", "quantized calibration-range floats",
             "quantized calibration-range floats", "quantized calibration-range floats",
             "quantized calibration-range floats", "quantized calibration-range floats"]


def case_seed(seed, fam, k):
    return [int(seed), zlib.crc32(fam.encode()), int(k)]


def build_case(tf, keras, fam, k, rng):
    last = None
    _K[0] = k
    for attempt in range(25):
        try:
            case = FAMILIES[fam](tf, keras, rng)
            # eager check: the drawn parameters must be valid and give non-empty outputs
            xs = [tf.zeros(s["model_shape"]) for s in case.inputs]
            y = wrapped_fn(tf, case)(*xs)
            ys = y if isinstance(y, (tuple, list)) else [y]
            if any(int(np.prod(t.shape)) == 0 for t in ys):
                raise ValueError("empty output")
            return case, attempt
        except Exception as e:  # redraw
            last = e
    raise RuntimeError(f"no valid draw: {last}")


def run_case(tf, keras, fam, k, args):
    name = f"{fam}_{k}"
    d = os.path.join(args.out, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    rng = np.random.default_rng(case_seed(args.seed, fam, k))
    keras.utils.set_random_seed(int(rng.integers(1 << 30)))
    rec = dict(name=name, family=fam, k=k, seed=args.seed, seed_sequence=case_seed(args.seed, fam, k))
    t0 = time.time()
    try:
        case, attempts = build_case(tf, keras, fam, k, rng)
    except Exception as e:
        rec.update(status="draw_error", error=str(e)[-2000:])
        return rec
    rec.update(
        target_ops=case.target,
        params=_jsonable(case.params),
        inputs_drawn=[_jsonable(s) for s in case.inputs],
        redraws=attempts,
    )
    _write_json(d, dict(rec, status="converting"))  # left in case.json if the converter aborts
    try:
        buf = convert(tf, case, int(rng.integers(1 << 31)))
    except Exception as e:
        rec.update(status="convert_error", error=str(e)[-3000:], seconds_convert=round(time.time() - t0, 2))
        _write_json(d, rec)
        return rec
    rec["seconds_convert"] = round(time.time() - t0, 2)
    with open(os.path.join(d, "model.tflite"), "wb") as f:
        f.write(buf)
    ops, io = inspect_model(buf)
    counts = {}
    for o in ops:
        counts[o["op"]] = counts.get(o["op"], 0) + 1
    with open(os.path.join(d, "ops.txt"), "w") as f:
        for op, n in counts.items():
            f.write(f"{op} {n}\n")
    rec.update(ops=list(counts), op_counts=counts, op_notes=op_notes(ops), io=io, ops_detail=ops)
    missing = [t for t in case.target if t not in counts]
    rec["target_present"] = not missing
    nonint8_io = [t["dtype"] for t in io["inputs"] + io["outputs"] if t["dtype"] not in ("int8", "int32", "int64")]
    xs = make_rows(rng, io["inputs"], case)
    if len(xs) == 1:
        np.save(os.path.join(d, "inputs.npy"), xs[0])
    else:
        for i, x in enumerate(xs):
            np.save(os.path.join(d, f"inputs_{i}.npy"), x)
    rec["row_kinds"] = ROW_KINDS
    # TFLite (non-micro) builtin reference kernels, for a diagnostic count only
    try:
        rec["tflite_ref_vs_tflm"] = None
        ref = tflite_ref(tf, buf, xs, len(io["outputs"]))
    except Exception as e:
        ref = None
        rec["tflite_ref_error"] = str(e)[-500:]
    rec["status"] = "running_tflm"  # left in case.json if TFLM aborts the worker
    _write_json(d, rec)
    t1 = time.time()
    err, text = captured(lambda: tflm_run(d))
    rec["seconds_tflm"] = round(time.time() - t1, 2)
    if err is not None:
        rec["status"] = "tflm_error"
        rec["error"] = (text.strip()[-2500:] + "\n" + repr(err)).strip()
    else:
        rec["status"] = "ok" if not missing else "other_op"
        if missing:
            rec["missing_target_ops"] = missing
        if ref is not None:
            cmp = []
            for j, r in enumerate(ref):
                nm = "outputs_tflm.npy" if len(ref) == 1 else f"outputs_tflm_{j}.npy"
                tm = np.load(os.path.join(d, nm))
                diff = np.abs(tm.astype(np.int64) - r.astype(np.int64))
                cmp.append(dict(output=j, values_differ=int((diff > 0).sum()), max_abs=int(diff.max()) if diff.size else 0, total=int(diff.size)))
            rec["tflite_ref_vs_tflm"] = cmp
    if nonint8_io:
        rec["nonint8_io"] = nonint8_io
    rec["seconds_total"] = round(time.time() - t0, 2)
    _write_json(d, rec)
    return rec


def tflite_ref(tf, buf, xs, n_out):
    it = tf.lite.Interpreter(
        model_content=buf,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
        num_threads=1,
    )
    it.allocate_tensors()
    ins = it.get_input_details()
    outs = it.get_output_details()
    res = [[] for _ in range(n_out)]
    for r in range(N_ROWS):
        for i, dt in enumerate(ins):
            it.set_tensor(dt["index"], xs[i][r][None])
        it.invoke()
        for j, dt in enumerate(outs):
            res[j].append(it.get_tensor(dt["index"]).copy())
    return [np.stack(r) for r in res]


def _write_json(d, rec):
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(rec, f, indent=1)


def _compact(rec):
    return {k: v for k, v in rec.items() if k not in ("ops_detail", "io", "inputs_drawn", "row_kinds")}


def worker_loop(args):
    """Imports TF once and serves case jobs (one JSON line each) from stdin."""
    import warnings

    warnings.filterwarnings("ignore")
    import absl.logging
    import tensorflow as tf
    import keras

    absl.logging.set_verbosity(absl.logging.ERROR)
    tf.get_logger().setLevel("ERROR")
    import tflite_micro.python.tflite_micro.runtime  # noqa: F401  (import once)
    # protocol on a private copy of fd 1; fd 1 itself (C++ prints) goes to the log
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    print("@@READY", file=out, flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            rec = run_case(tf, keras, job["family"], job["k"], args)
        except Exception as e:  # bug in this tool, not in the converter
            rec = dict(name=f"{job['family']}_{job['k']}", family=job["family"], k=job["k"], status="tool_error", error=repr(e)[-2000:])
        print("@@CASE " + json.dumps(_compact(rec)), file=out, flush=True)


def _rc_text(rc):
    import signal

    if rc is not None and rc < 0:
        try:
            return f"signal {signal.Signals(-rc).name}"
        except ValueError:
            return f"signal {-rc}"
    return f"code {rc}"


class Worker:
    def __init__(self, args, wid):
        self.args, self.wid = args, wid
        self.log = os.path.join(args.out, "_logs", f"worker_{wid}.log")
        self.proc = None

    def start(self):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--out", self.args.out, "--seed", str(self.args.seed)]
        self.logf = open(self.log, "a")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.logf, text=True, bufsize=1)
        self._read()  # @@READY

    def _read(self):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return None
            if line.startswith("@@READY"):
                return "ready"
            if line.startswith("@@CASE "):
                return json.loads(line[7:])

    def run(self, fam, k):
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        t0 = time.time()
        try:
            self.proc.stdin.write(json.dumps(dict(family=fam, k=k)) + "\n")
            self.proc.stdin.flush()
            rec = self._read()
        except BrokenPipeError:
            rec = None
        if rec is None:  # the worker died: the converter (or TF) aborted the process
            self.proc.wait()
            self.logf.flush()
            with open(self.log, errors="replace") as f:
                tail = f.read()[-1500:]
            d = os.path.join(self.args.out, f"{fam}_{k}")
            old = {}
            if os.path.exists(os.path.join(d, "case.json")):
                with open(os.path.join(d, "case.json")) as f:
                    old = json.load(f)
            # case.json is written before TFLM runs; without it the converter died
            status = "tflm_crash" if old.get("status") == "running_tflm" else "converter_crash"
            rec = dict(name=f"{fam}_{k}", family=fam, k=k, status=status, seconds_total=round(time.time() - t0, 2),
                       error=f"log tail:\n{tail}\nworker exited with {_rc_text(self.proc.returncode)} in the {'TFLM' if status == 'tflm_crash' else 'converter'} step")
            old.update(rec)
            os.makedirs(d, exist_ok=True)
            _write_json(d, old)
            self.proc = None
        return rec

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/op-cases")
    ap.add_argument("--cases", type=int, default=3, help="cases per family (K)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default="", help="comma-separated family names")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="converter worker processes")
    ap.add_argument("--list", action="store_true", help="print the family names and exit")
    ap.add_argument("--tflm-run", metavar="CASEDIR", help=argparse.SUPPRESS)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if args.tflm_run:
        tflm_run(args.tflm_run)  # rerun TFLM for one case folder
        print("TFLM_OK")
        return
    if args.worker:
        worker_loop(args)
        return
    if args.list:
        print("\n".join(ORDER))
        return
    fams = ORDER
    if args.only:
        fams = [f.strip().upper() for f in args.only.split(",") if f.strip()]
        bad = [f for f in fams if f not in FAMILIES]
        if bad:
            sys.exit(f"unknown families: {bad}; see --list")
    os.makedirs(os.path.join(args.out, "_logs"), exist_ok=True)
    import queue
    import threading

    jobs = queue.Queue()
    for fam in fams:
        for k in range(args.cases):
            jobs.put((fam, k))
    recs, lock = [], threading.Lock()
    t_start = time.time()

    def serve(w):
        while True:
            try:
                fam, k = jobs.get_nowait()
            except queue.Empty:
                break
            rec = w.run(fam, k)
            with lock:
                recs.append(rec)
                extra = ""
                if rec["status"] != "ok":
                    extra = "  missing " + ",".join(rec["missing_target_ops"]) if rec.get("missing_target_ops") else ""
                    if rec.get("error"):
                        lines = [l for l in rec["error"].strip().splitlines() if l.strip()]
                        extra += "  " + (lines[-1][:150] if lines else "")
                print(f"{rec['name']:<28} {rec['status']:<15} {rec.get('seconds_total', 0):6.2f}s  ops={','.join(rec.get('ops', []))}{extra}", flush=True)
        w.stop()

    workers = [Worker(args, i) for i in range(max(1, args.jobs))]
    threads = [threading.Thread(target=serve, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t_start
    order = {(f, k): i for i, (f, k) in enumerate((f, k) for f in fams for k in range(args.cases))}
    recs.sort(key=lambda r: order[(r["family"], r["k"])])
    summary = dict(seed=args.seed, cases_per_family=args.cases, jobs=args.jobs, seconds_wall=round(wall, 1), families={})
    for fam in fams:
        rs = [r for r in recs if r["family"] == fam]
        summary["families"][fam] = dict(
            status=[r["status"] for r in rs],
            ops=[r.get("ops") for r in rs],
            float_ops=sorted({o for r in rs for o in r.get("op_notes", {}).get("float_ops", [])}),
            errors=[r.get("error", "")[-400:] for r in rs if r.get("error")],
            tflite_ref_vs_tflm_values_differ=[
                None if r.get("tflite_ref_vs_tflm") is None else sum(c["values_differ"] for c in r["tflite_ref_vs_tflm"]) for r in rs
            ],
        )
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    n = {s: sum(1 for r in recs if r["status"] == s) for s in sorted({r["status"] for r in recs})}
    print(f"\n{len(recs)} cases in {wall:.1f}s wall with {args.jobs} worker(s) (includes TF import per worker): {n}")
    print(f"summary: {os.path.join(args.out, 'summary.json')}")


if __name__ == "__main__":
    main()
