import EdgeRuntime
import Testing
import TestSupport

/// The packed Cortex-M kernels of TRANSPOSE_CONV and BATCH_MATMUL (run here with the portable
/// halfword arithmetic) give the reference kernels' results bit for bit on random shapes, strides,
/// paddings, adjoints, broadcast batches, zero points and multipliers, stay inside their planned
/// scratch, and fall back to the reference kernel when the scratch is short.
@Suite struct PackedMatrixKernelTests {
    func randomBytes(_ count: Int, _ random: inout SampleGraphs.Generator) -> [Int8] {
        (0..<count).map { _ in random.int8() }
    }

    /// Runs `body` with exactly `bytes` of scratch followed by guard bytes; true when they are untouched.
    func withScratch(_ bytes: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0xA5, count: bytes + 16)
        buffer.withUnsafeMutableBytes { raw in body(UnsafeMutableRawBufferPointer(rebasing: raw[0..<bytes])) }
        return buffer[bytes...].allSatisfy { $0 == 0xA5 }
    }

    @Test func transposeConvolutionMatchesReference() {
        var random = SampleGraphs.Generator(seed: 31)
        for trial in 0..<80 {
            // Mostly depths of whole words (the packed path); every fifth trial another depth (the fallback).
            let depth = trial % 5 == 4 ? random.integer(in: 1...7) : 4 * random.integer(in: 1...6)
            let input = Shape4(batches: random.integer(in: 1...2), height: random.integer(in: 1...5), width: random.integer(in: 1...6), channels: depth)
            let filterHeight = random.integer(in: 1...4), filterWidth = random.integer(in: 1...4)
            let window = WindowGeometry(
                strideHeight: random.integer(in: 1...3), strideWidth: random.integer(in: 1...3),
                padTop: random.integer(in: 0...(filterHeight - 1)), padLeft: random.integer(in: 0...(filterWidth - 1)))
            let output = Shape4(
                batches: input.batches, height: random.integer(in: 1...(input.height * window.strideHeight + 2)),
                width: random.integer(in: 1...(input.width * window.strideWidth + 2)), channels: random.integer(in: 1...9))
            let x = randomBytes(input.elementCount, &random)
            let f = randomBytes(output.channels * filterHeight * filterWidth * depth, &random)
            let bias: [Int32]? = random.integer(in: 0...3) == 0 ? nil : (0..<output.channels).map { _ in Int32(random.integer(in: -9000...9000)) }
            let multipliers = (0..<output.channels).map { _ in Int32(random.integer(in: (1 << 30)...Int(Int32.max))) }
            let shifts = (0..<output.channels).map { _ in Int32(random.integer(in: -14...2)) }
            var expected = [Int8](repeating: 0, count: output.elementCount)
            var packed = expected, shortScratch = expected
            var kept = false
            multipliers.withUnsafeBufferPointer { m in
                shifts.withUnsafeBufferPointer { s in
                    bias.withUnsafeBufferPointerIfPresent { b in
                        let p = Conv2D.Parameters(
                            window: window, inputOffset: Int32(random.integer(in: -127...128)), outputOffset: Int32(random.integer(in: -128...127)),
                            activation: ActivationRange(minimum: Int32(random.integer(in: -128...(-20))), maximum: Int32(random.integer(in: 0...127))),
                            multipliers: m.baseAddress!, shifts: s.baseAddress!)
                        TransposeConv2D.run(
                            p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth,
                            bias: b, output: &expected, outputShape: output)
                        let bytes = TransposeConv2D.packedScratchBytes(
                            filterHeight: filterHeight, filterWidth: filterWidth, strideHeight: window.strideHeight,
                            strideWidth: window.strideWidth, inputDepth: depth)
                        kept = withScratch(bytes) { scratch in
                            TransposeConv2D.runPacked(
                                p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth,
                                bias: b, output: &packed, outputShape: output, scratch: scratch)
                        }
                        _ = withScratch(bytes - 1) { scratch in
                            TransposeConv2D.runPacked(
                                p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth,
                                bias: b, output: &shortScratch, outputShape: output, scratch: scratch)
                        }
                    }
                }
            }
            #expect(packed == expected, "trial \(trial)")
            #expect(kept, "trial \(trial)")
            #expect(shortScratch == expected, "trial \(trial)")
        }
    }

    @Test func batchMatMulMatchesReference() {
        var random = SampleGraphs.Generator(seed: 32)
        for trial in 0..<80 {
            let rows = random.integer(in: 1...7), columns = random.integer(in: 1...9), depth = random.integer(in: 1...21)
            let adjointLeft = random.integer(in: 0...1) == 1, adjointRight = random.integer(in: 0...1) == 1
            // Three batch dimensions, each either shared or broadcast from one side.
            var batches: [Int] = [], leftSizes: [Int] = [], rightSizes: [Int] = []
            for _ in 0..<3 {
                let size = random.integer(in: 1...2)
                batches.append(size)
                let broadcast = random.integer(in: 0...2)
                leftSizes.append(broadcast == 1 ? 1 : size)
                rightSizes.append(broadcast == 2 ? 1 : size)
            }
            let leftMatrix = rows * depth, rightMatrix = depth * columns
            func batchStrides(_ sizes: [Int], _ matrix: Int) -> [Int32] {
                let s2 = matrix, s1 = sizes[2] * s2, s0 = sizes[1] * s1
                return [sizes[0] == 1 ? 0 : s0, sizes[1] == 1 ? 0 : s1, sizes[2] == 1 ? 0 : s2].map { Int32($0) }
            }
            let lhs = randomBytes(leftSizes.reduce(leftMatrix, *), &random)
            let rhs = randomBytes(rightSizes.reduce(rightMatrix, *), &random)
            let parameters = BatchMatMul.Parameters(
                lhsOffset: Int32(random.integer(in: -127...128)), rhsOffset: Int32(random.integer(in: -127...128)),
                outputOffset: Int32(random.integer(in: -128...127)), multiplier: Int32(random.integer(in: (1 << 30)...Int(Int32.max))),
                shift: Int32(random.integer(in: -16...1)), activation: ActivationRange(minimum: -128, maximum: Int32(random.integer(in: 0...127))),
                dimensions: (batches + [rows, columns, depth]).map { Int32($0) },
                lhsStrides: batchStrides(leftSizes, leftMatrix) + (adjointLeft ? [1, Int32(rows)] : [Int32(depth), 1]),
                rhsStrides: batchStrides(rightSizes, rightMatrix) + (adjointRight ? [1, Int32(depth)] : [Int32(columns), 1]))
            let count = batches.reduce(rows * columns, *)
            var expected = [Int8](repeating: 0, count: count)
            var packed = expected, shortScratch = expected
            var kept = false
            parameters.words.withUnsafeBufferPointer { raw in
                let words = ParameterWords(start: raw.baseAddress!, count: raw.count)
                BatchMatMul.run(words: words, lhs: lhs, rhs: rhs, output: &expected)
                let bytes = BatchMatMul.packedScratchBytes(depth: depth)
                kept = withScratch(bytes) { scratch in
                    BatchMatMul.runPacked(words: words, lhs: lhs, rhs: rhs, output: &packed, scratch: scratch)
                }
                _ = withScratch(bytes - 1) { scratch in
                    BatchMatMul.runPacked(words: words, lhs: lhs, rhs: rhs, output: &shortScratch, scratch: scratch)
                }
            }
            #expect(packed == expected, "trial \(trial)")
            #expect(kept, "trial \(trial)")
            #expect(shortScratch == expected, "trial \(trial)")
        }
    }
}
