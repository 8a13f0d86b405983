import EdgeRuntime
import Testing
import TestSupport

/// The optimized, blocked and packed kernels (and the packed ADD and average pool) give the reference kernels' results bit for bit, on random shapes,
/// strides, paddings, dilations, zero points and multipliers.
@Suite struct OptimizedKernelTests {
    func randomBytes(_ count: Int, _ random: inout SampleGraphs.Generator) -> [Int8] {
        (0..<count).map { _ in random.int8() }
    }

    /// Runs `body` with a scratch buffer of exactly `bytes` followed by 16 guard bytes; returns whether
    /// the guard bytes are untouched afterwards (the kernel stayed inside its planned scratch).
    func withScratch(_ bytes: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0x5A, count: bytes + 16)
        buffer.withUnsafeMutableBytes { raw in body(UnsafeMutableRawBufferPointer(rebasing: raw[0..<bytes])) }
        return buffer[bytes...].allSatisfy { $0 == 0x5A }
    }

    func randomRequantization(_ channels: Int, _ random: inout SampleGraphs.Generator) -> (multipliers: [Int32], shifts: [Int32]) {
        ((0..<channels).map { _ in Int32(random.integer(in: (1 << 30)...(Int(Int32.max)))) },
         (0..<channels).map { _ in Int32(random.integer(in: -12...1)) })
    }

    @Test func convolutionMatchesReference() {
        var random = SampleGraphs.Generator(seed: 11)
        for _ in 0..<60 {
            let input = Shape4(batches: random.integer(in: 1...2), height: random.integer(in: 1...9), width: random.integer(in: 1...9), channels: random.integer(in: 1...40))
            let filterHeight = random.integer(in: 1...4)
            let filterWidth = random.integer(in: 1...4)
            let window = WindowGeometry(
                strideHeight: random.integer(in: 1...3), strideWidth: random.integer(in: 1...3),
                dilationHeight: random.integer(in: 1...2), dilationWidth: random.integer(in: 1...2),
                padTop: random.integer(in: 0...(filterHeight - 1)), padLeft: random.integer(in: 0...(filterWidth - 1)))
            let output = Shape4(batches: input.batches, height: random.integer(in: 1...5), width: random.integer(in: 1...5), channels: random.integer(in: 1...20))
            let x = randomBytes(input.elementCount, &random)
            let f = randomBytes(output.channels * filterHeight * filterWidth * input.channels, &random)
            let bias = (0..<output.channels).map { _ in Int32(random.integer(in: -5000...5000)) }
            let requantization = randomRequantization(output.channels, &random)
            var expected = [Int8](repeating: 0, count: output.elementCount)
            var actual = expected
            var blocked = expected
            var packed = expected
            var packedWithoutScratch = expected
            var scratchKept = false
            requantization.multipliers.withUnsafeBufferPointer { m in
                requantization.shifts.withUnsafeBufferPointer { s in
                    let p = Conv2D.Parameters(
                        window: window, inputOffset: Int32(random.integer(in: -127...128)), outputOffset: Int32(random.integer(in: -128...127)),
                        activation: ActivationRange(minimum: -128, maximum: Int32(random.integer(in: 0...127))),
                        multipliers: m.baseAddress!, shifts: s.baseAddress!)
                    Conv2D.run(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &expected, outputShape: output)
                    Conv2D.runOptimized(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &actual, outputShape: output)
                    Conv2D.runBlocked(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &blocked, outputShape: output)
                    let scratchBytes = Conv2D.packedScratchBytes(filterHeight: filterHeight, filterWidth: filterWidth, inputDepth: input.channels, outputDepth: output.channels)
                    scratchKept = withScratch(scratchBytes) { scratch in
                        Conv2D.runPacked(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &packed, outputShape: output, scratch: scratch)
                    }
                    _ = withScratch(scratchBytes - 1) { scratch in
                        Conv2D.runPacked(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &packedWithoutScratch, outputShape: output, scratch: scratch)
                    }
                }
            }
            #expect(actual == expected)
            #expect(blocked == expected)
            #expect(packed == expected)
            #expect(scratchKept)
            #expect(packedWithoutScratch == expected)
        }
    }

    @Test func depthwiseMatchesReference() {
        var random = SampleGraphs.Generator(seed: 12)
        for _ in 0..<60 {
            let multiplier = random.integer(in: 0...3) == 0 ? 2 : 1
            let input = Shape4(batches: 1, height: random.integer(in: 1...9), width: random.integer(in: 1...9), channels: random.integer(in: 1...40))
            // Now and then a filter of more than 64 taps, which the packed kernel takes channel by channel.
            let largeFilter = random.integer(in: 0...5) == 0
            let filterHeight = largeFilter ? 9 : random.integer(in: 1...3)
            let filterWidth = largeFilter ? 8 : random.integer(in: 1...3)
            let window = WindowGeometry(
                strideHeight: random.integer(in: 1...2), strideWidth: random.integer(in: 1...2),
                dilationHeight: random.integer(in: 1...2), dilationWidth: random.integer(in: 1...2),
                padTop: random.integer(in: 0...(filterHeight - 1)), padLeft: random.integer(in: 0...(filterWidth - 1)))
            let output = Shape4(batches: 1, height: random.integer(in: 1...5), width: random.integer(in: 1...5), channels: input.channels * multiplier)
            let x = randomBytes(input.elementCount, &random)
            let f = randomBytes(filterHeight * filterWidth * output.channels, &random)
            let bias = (0..<output.channels).map { _ in Int32(random.integer(in: -5000...5000)) }
            let requantization = randomRequantization(output.channels, &random)
            var expected = [Int8](repeating: 0, count: output.elementCount)
            var actual = expected
            var blocked = expected
            var packed = expected
            requantization.multipliers.withUnsafeBufferPointer { m in
                requantization.shifts.withUnsafeBufferPointer { s in
                    let p = DepthwiseConv2D.Parameters(
                        window: window, depthMultiplier: multiplier, inputOffset: Int32(random.integer(in: -127...128)),
                        outputOffset: Int32(random.integer(in: -128...127)), activation: .int8,
                        multipliers: m.baseAddress!, shifts: s.baseAddress!)
                    DepthwiseConv2D.run(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &expected, outputShape: output)
                    DepthwiseConv2D.runOptimized(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &actual, outputShape: output)
                    DepthwiseConv2D.runBlocked(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &blocked, outputShape: output)
                    DepthwiseConv2D.runPacked(p, input: x, inputShape: input, filter: f, filterHeight: filterHeight, filterWidth: filterWidth, bias: bias, output: &packed, outputShape: output)
                }
            }
            #expect(actual == expected)
            #expect(blocked == expected)
            #expect(packed == expected)
        }
    }

    @Test func fullyConnectedMatchesReference() {
        var random = SampleGraphs.Generator(seed: 13)
        for _ in 0..<60 {
            let batches = random.integer(in: 1...3)
            let inputDepth = random.integer(in: 1...70)
            let outputDepth = random.integer(in: 1...20)
            let x = randomBytes(batches * inputDepth, &random)
            let w = randomBytes(outputDepth * inputDepth, &random)
            let bias: [Int32]? = random.integer(in: 0...1) == 0 ? nil : (0..<outputDepth).map { _ in Int32(random.integer(in: -9000...9000)) }
            let p = FullyConnected.Parameters(
                inputOffset: Int32(random.integer(in: -127...128)), weightsOffset: Int32(random.integer(in: -3...3)),
                outputOffset: Int32(random.integer(in: -128...127)), multiplier: Int32(random.integer(in: (1 << 30)...Int(Int32.max))),
                shift: Int32(random.integer(in: -12...0)), activation: .int8)
            var expected = [Int8](repeating: 0, count: batches * outputDepth)
            var actual = expected
            var blocked = expected
            var packed = expected
            var packedWithoutScratch = expected
            var scratchKept = false
            bias.withUnsafeBufferPointerIfPresent { b in
                FullyConnected.run(p, input: x, weights: w, bias: b, output: &expected, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                FullyConnected.runOptimized(p, input: x, weights: w, bias: b, output: &actual, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                FullyConnected.runBlocked(p, input: x, weights: w, bias: b, output: &blocked, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                let scratchBytes = FullyConnected.packedScratchBytes(inputDepth: inputDepth)
                scratchKept = withScratch(scratchBytes) { scratch in
                    FullyConnected.runPacked(p, input: x, weights: w, bias: b, output: &packed, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth, scratch: scratch)
                }
                _ = withScratch(scratchBytes - 1) { scratch in
                    FullyConnected.runPacked(p, input: x, weights: w, bias: b, output: &packedWithoutScratch, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth, scratch: scratch)
                }
            }
            #expect(actual == expected)
            #expect(blocked == expected)
            #expect(packed == expected)
            #expect(scratchKept)
            #expect(packedWithoutScratch == expected)
        }
    }

    @Test func addMatchesReference() {
        var random = SampleGraphs.Generator(seed: 14)
        for _ in 0..<60 {
            let count = random.integer(in: 1...300)
            let first = randomBytes(count, &random)
            let second = randomBytes(count, &random)
            let maximum = Int32(random.integer(in: -20...127))
            let p = Add.Parameters(
                input1Offset: Int32(random.integer(in: -127...128)), input2Offset: Int32(random.integer(in: -127...128)),
                outputOffset: Int32(random.integer(in: -128...127)), leftShift: Int32(random.integer(in: 0...24)),
                input1Multiplier: Int32(random.integer(in: 0...Int(Int32.max))), input1Shift: Int32(random.integer(in: -31...0)),
                input2Multiplier: Int32(random.integer(in: 0...Int(Int32.max))), input2Shift: Int32(random.integer(in: -31...0)),
                outputMultiplier: Int32(random.integer(in: 0...Int(Int32.max))), outputShift: Int32(random.integer(in: -31...0)),
                activation: ActivationRange(minimum: Int32(random.integer(in: -128...Int(maximum))), maximum: maximum))
            var expected = [Int8](repeating: 0, count: count)
            var packed = expected
            Add.run(p, first: first, second: second, output: &expected, count: count)
            Add.runPacked(p, first: first, second: second, output: &packed, count: count)
            #expect(packed == expected)
        }
    }

    @Test func averageAndMaxPoolMatchReference() {
        var random = SampleGraphs.Generator(seed: 15)
        for _ in 0..<60 {
            let input = Shape4(batches: random.integer(in: 1...2), height: random.integer(in: 1...9), width: random.integer(in: 1...9), channels: random.integer(in: 1...21))
            let filterHeight = random.integer(in: 1...input.height)
            let filterWidth = random.integer(in: 1...input.width)
            let window = WindowGeometry(
                strideHeight: random.integer(in: 1...2), strideWidth: random.integer(in: 1...2), dilationHeight: 1, dilationWidth: 1,
                padTop: random.integer(in: 0...(filterHeight - 1)), padLeft: random.integer(in: 0...(filterWidth - 1)))
            // Every window must overlap the input, as validation guarantees.
            let output = Shape4(
                batches: input.batches,
                height: random.integer(in: 1...((input.height - 1 + window.padTop) / window.strideHeight + 1)),
                width: random.integer(in: 1...((input.width - 1 + window.padLeft) / window.strideWidth + 1)), channels: input.channels)
            let p = PoolingParameters(window: window, filterHeight: filterHeight, filterWidth: filterWidth,
                                      activation: ActivationRange(minimum: Int32(random.integer(in: -128...0)), maximum: Int32(random.integer(in: 0...127))))
            let x = randomBytes(input.elementCount, &random)
            var expected = [Int8](repeating: 0, count: output.elementCount)
            var packed = expected
            AveragePool2D.run(p, input: x, inputShape: input, output: &expected, outputShape: output)
            AveragePool2D.runPacked(p, input: x, inputShape: input, output: &packed, outputShape: output)
            #expect(packed == expected)
            var largestExpected = expected, largest = expected
            MaxPool2D.run(p, input: x, inputShape: input, output: &largestExpected, outputShape: output)
            MaxPool2D.runOptimized(p, input: x, inputShape: input, output: &largest, outputShape: output)
            #expect(largest == largestExpected)
        }
    }
}

extension Optional where Wrapped == [Int32] {
    /// Calls `body` with a pointer to the array's elements, or `nil`.
    func withUnsafeBufferPointerIfPresent(_ body: (UnsafePointer<Int32>?) -> Void) {
        guard let array = self else { return body(nil) }
        array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
