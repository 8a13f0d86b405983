#!/usr/bin/env python3
"""Single-operator int8 TFLite models of the binary element-wise operators, with TFLM's outputs.

    python tools/tflm_binary_cases.py generate OUT COUNT [SEED]   # needs tensorflow (schema_py_generated)
    python tools/tflm_binary_cases.py doublewords OUT              # needs tensorflow
    python tools/tflm_binary_cases.py golden OUT                   # needs tflite_micro

`generate` writes COUNT models per operator (ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM,
PRELU) into OUT/<OP>_<k>/model.tflite: random output rank 0-6, random broadcast axes, leading axes
of one dropped, either input constant or both graph inputs (PRELU's slope usually constant), random
scales and zero points (two times in three an output scale that fits the result's range), random
fused activations where TFLite has them. `doublewords` writes ADD and SUB models over all 65 536
input pairs ([256,1] with [1,256]) with scale triples whose multipliers differ when computed in
float instead of double and whose outputs differ for some pair. `golden` runs every model in TFLM on
random int8 inputs and writes inputs_<i>.npy ([N, shape without a leading 1], as `edge-distill run`
reads them) and outputs_tflm.npy.
"""
import json
import math
import os
import sys

import numpy as np

OPERATORS = ['ADD', 'SUB', 'MUL', 'SQUARED_DIFFERENCE', 'MAXIMUM', 'MINIMUM', 'PRELU']
ACTIVATIONS = {'ADD', 'SUB', 'MUL'}


def schema():
    from tensorflow.lite.python import schema_py_generated as S
    return S


def options(S, op):
    table = {
        'ADD': (S.BuiltinOptions.AddOptions, S.AddOptionsT),
        'SUB': (S.BuiltinOptions.SubOptions, S.SubOptionsT),
        'MUL': (S.BuiltinOptions.MulOptions, S.MulOptionsT),
        'SQUARED_DIFFERENCE': (S.BuiltinOptions.SquaredDifferenceOptions, S.SquaredDifferenceOptionsT),
        'MAXIMUM': (S.BuiltinOptions.MaximumMinimumOptions, S.MaximumMinimumOptionsT),
        'MINIMUM': (S.BuiltinOptions.MaximumMinimumOptions, S.MaximumMinimumOptionsT),
        'PRELU': (S.BuiltinOptions.NONE, None),
    }
    return table[op]


def write_model(path, op, shapes, quantization, constant, activation, rng):
    """shapes, quantization: first, second, output; constant: 0 none, 1 first, 2 second."""
    import flatbuffers
    S = schema()
    model = S.ModelT()
    model.version = 3
    code = getattr(S.BuiltinOperator, op)
    opcode = S.OperatorCodeT()
    opcode.builtinCode = code
    opcode.deprecatedBuiltinCode = min(code, 127)
    opcode.version = 1
    model.operatorCodes = [opcode]
    model.buffers = [S.BufferT()]
    tensors = []
    for i, (name, shape) in enumerate(zip('aby', shapes)):
        tensor = S.TensorT()
        tensor.name = name.encode()
        tensor.shape = np.array(shape, dtype=np.int32)
        tensor.type = S.TensorType.INT8
        q = S.QuantizationParametersT()
        q.scale = [quantization[i][0]]
        q.zeroPoint = [quantization[i][1]]
        tensor.quantization = q
        buffer = S.BufferT()
        if i == constant - 1:
            values = rng.integers(-128, 128, size=int(np.prod(shape)), dtype=np.int64).astype(np.int8)
            buffer.data = values.view(np.uint8).tolist()
        model.buffers.append(buffer)
        tensor.buffer = len(model.buffers) - 1
        tensors.append(tensor)
    operator = S.OperatorT()
    operator.opcodeIndex = 0
    operator.inputs = [0, 1]
    operator.outputs = [2]
    options_type, options_class = options(S, op)
    operator.builtinOptionsType = options_type
    if options_class is not None:
        operator.builtinOptions = options_class()
        if op in ACTIVATIONS:
            operator.builtinOptions.fusedActivationFunction = activation
    graph = S.SubGraphT()
    graph.tensors = tensors
    graph.operators = [operator]
    graph.inputs = [i for i in (0, 1) if i != constant - 1]
    graph.outputs = [2]
    model.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b'TFL3')
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, 'model.tflite'), 'wb') as f:
        f.write(bytes(builder.Output()))
    case = {'op': op, 'a': shapes[0], 'b': shapes[1], 'output': shapes[2], 'q': quantization,
            'constant': constant, 'activation': activation}
    with open(os.path.join(path, 'case.json'), 'w') as f:
        json.dump(case, f)


def random_shapes(rng, op):
    rank = int(rng.integers(0, 7))
    output = [int(rng.integers(1, 5)) for _ in range(rank)]
    first, second = list(output), list(output)
    broadcast = rng.integers(0, 4) != 0
    if broadcast:
        for axis in range(rank):
            if output[axis] > 1:
                pick = rng.integers(0, 3)
                if pick == 0 and op != 'PRELU':
                    first[axis] = 1
                elif pick == 1:
                    second[axis] = 1

        def trimmed(shape):
            ones = 0
            while ones < len(shape) and shape[ones] == 1:
                ones += 1
            return shape[int(rng.integers(0, ones + 1)):]
        second = trimmed(second)
        if op != 'PRELU':
            first = trimmed(first)
    return [first, second, output]


def f32(x):
    return float(np.float32(x))


def random_quantization(rng, op):
    q = [(f32(2.0 ** rng.uniform(-12, 2)), int(rng.integers(-128, 128))) for _ in range(3)]
    if op in ('MAXIMUM', 'MINIMUM') and rng.integers(0, 2) == 0:
        return [q[0]] * 3  # what converters produce
    if rng.integers(0, 3) != 0:
        s1, s2 = q[0][0], q[1][0]
        factor = 2.0 ** rng.uniform(-1, 1)
        if op in ('ADD', 'SUB'):
            so = (s1 + s2) * factor
        elif op == 'MUL':
            so = 128 * s1 * s2 * factor
        elif op == 'SQUARED_DIFFERENCE':
            so = (128 * (s1 + s2)) ** 2 / 255 * factor
        elif op == 'PRELU':
            q[1] = (f32(factor / 128), q[1][1])
            so = s1 * 2.0 ** rng.uniform(-1, 1)
        else:
            so = q[2][0]
        q[2] = (f32(so), int(rng.integers(-128, 128)))
    return q


def generate(out, count, seed):
    for index, op in enumerate(OPERATORS):
        for k in range(count):
            rng = np.random.default_rng(seed + 1000 * index + k)
            shapes = random_shapes(rng, op)
            if op == 'PRELU':
                constant = 0 if rng.integers(0, 4) == 0 else 2
            else:
                constant = int(rng.integers(0, 3))
            quantization = random_quantization(rng, op)
            activation = int(rng.integers(0, 4)) if op in ACTIVATIONS else 0
            write_model(os.path.join(out, f'{op}_{k}'), op, shapes, quantization, constant, activation, rng)


# TFLite's QuantizeMultiplier and the ADD/SUB words, to find scale triples where float and double differ.
def quantize_multiplier(x):
    if x == 0:
        return (0, 0)
    m, e = math.frexp(x)
    q = int(math.floor(abs(m) * (1 << 31) + 0.5))
    if q == 1 << 31:
        q //= 2
        e += 1
    return (0, 0) if e < -31 else (q, e)


def additive_words(s1, s2, so, in_float):
    if in_float:
        twice = np.float32(2) * max(np.float32(s1), np.float32(s2))
        return (quantize_multiplier(float(np.float32(s1) / twice)), quantize_multiplier(float(np.float32(s2) / twice)),
                quantize_multiplier(float(twice / (np.float32(1 << 20) * np.float32(so)))))
    twice = 2 * max(s1, s2)
    return (quantize_multiplier(s1 / twice), quantize_multiplier(s2 / twice),
            quantize_multiplier(twice / ((1 << 20) * so)))


def additive(x, y, words, zero_points, subtract):
    def high(a, b):
        p = a.astype(np.int64) * b + np.where(a.astype(np.int64) * b >= 0, 1 << 30, 1 - (1 << 30))
        return np.where(p >= 0, p >> 31, -((-p) >> 31))

    def divide(v, e):
        mask = (1 << e) - 1
        return (v >> e) + ((v & mask) > (mask >> 1) + (v < 0))
    (m1, e1), (m2, e2), (mo, eo) = words
    a = divide(high((x - zero_points[0]) << 20, m1), -e1)
    b = divide(high((y - zero_points[1]) << 20, m2), -e2)
    return np.clip(divide(high(a - b if subtract else a + b, mo), -eo) + zero_points[2], -128, 127)


def doublewords(out):
    rng = np.random.default_rng(7)
    x = np.arange(-128, 128).reshape(256, 1)
    y = x.reshape(1, 256)
    for op in ('SUB', 'ADD'):
        while True:
            s = [f32(2.0 ** rng.uniform(-8, 0)) for _ in range(2)]
            s.append(f32((s[0] + s[1]) * 2.0 ** rng.uniform(-1, 1)))
            z = [int(v) for v in rng.integers(-128, 128, 3)]
            in_float, in_double = additive_words(*s, True), additive_words(*s, False)
            if in_float != in_double and (additive(x, y, in_float, z, op == 'SUB') != additive(x, y, in_double, z, op == 'SUB')).any():
                break
        write_model(os.path.join(out, f'{op}_doublewords'), op, [[256, 1], [1, 256], [256, 256]],
                    [(s[i], z[i]) for i in range(3)], 0, 0, rng)


def golden(out, rows=8):
    from tflite_micro.python.tflite_micro import runtime
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        with open(os.path.join(path, 'case.json')) as f:
            case = json.load(f)
        rng = np.random.default_rng(abs(hash(name)) % (1 << 31))
        shapes = [s for i, s in enumerate([case['a'], case['b']]) if i != case['constant'] - 1]
        if case['a'] == [256, 1]:
            batches = [np.arange(-128, 128, dtype=np.int8).reshape([1] + s) for s in shapes]
        else:
            batches = [rng.integers(-128, 128, size=[rows] + s, dtype=np.int64).astype(np.int8) for s in shapes]
        interpreter = runtime.Interpreter.from_file(os.path.join(path, 'model.tflite'), arena_size=1 << 20)
        outputs = []
        for row in range(len(batches[0])):
            for i, batch in enumerate(batches):
                interpreter.set_input(batch[row], i)
            interpreter.invoke()
            outputs.append(np.array(interpreter.get_output(0)).copy())
        for i, (shape, batch) in enumerate(zip(shapes, batches)):
            sample = shape[1:] if shape and shape[0] == 1 else shape
            np.save(os.path.join(path, f'inputs_{i}.npy'), batch.reshape([len(batch)] + sample))
        np.save(os.path.join(path, 'outputs_tflm.npy'), np.stack(outputs))


if __name__ == '__main__':
    command, out = sys.argv[1], sys.argv[2]
    if command == 'generate':
        generate(out, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif command == 'doublewords':
        doublewords(out)
    elif command == 'golden':
        golden(out)
    else:
        sys.exit(__doc__)
