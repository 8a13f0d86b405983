import EdgeRuntime
import Testing
import TestSupport

/// FULLY_CONNECTED with per-channel weights (the TF 2.21 converter's default): the reference kernel
/// computes TFLM's `FullyConnectedPerChannel`, and every faster variant equals it bit for bit.
@Suite struct PerChannelFullyConnectedTests {
    @Test func variantsMatchTFLMsPerChannelFormula() {
        let kernels = OptimizedKernelTests()
        var random = SampleGraphs.Generator(seed: 29)
        for _ in 0..<60 {
            let batches = random.integer(in: 1...3)
            let inputDepth = random.integer(in: 1...70)
            let outputDepth = random.integer(in: 1...20)
            let x = kernels.randomBytes(batches * inputDepth, &random)
            let w = kernels.randomBytes(outputDepth * inputDepth, &random)
            let bias: [Int32]? = random.integer(in: 0...1) == 0 ? nil : (0..<outputDepth).map { _ in Int32(random.integer(in: -9000...9000)) }
            let multipliers = (0..<outputDepth).map { _ in Int32(random.integer(in: (1 << 30)...Int(Int32.max))) }
            let shifts = (0..<outputDepth).map { _ in Int32(random.integer(in: -14...1)) }
            let inputOffset = Int32(random.integer(in: -127...128))
            let outputOffset = Int32(random.integer(in: -128...127))
            let low = Int32(random.integer(in: -128...0))
            let activation = ActivationRange(minimum: low, maximum: Int32(random.integer(in: Int(low)...127)))

            // TFLM: acc = Σ w·(x + inputOffset) + bias[c]; MultiplyByQuantizedMultiplier per channel; + offset; clamp.
            var formula = [Int8](repeating: 0, count: batches * outputDepth)
            for b in 0..<batches {
                for c in 0..<outputDepth {
                    var acc: Int32 = bias?[c] ?? 0
                    for d in 0..<inputDepth { acc &+= Int32(w[c * inputDepth + d]) &* (Int32(x[b * inputDepth + d]) &+ inputOffset) }
                    let scaled = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c]) &+ outputOffset
                    formula[b * outputDepth + c] = Int8(min(max(scaled, activation.minimum), activation.maximum))
                }
            }
            var reference = formula.map { _ in Int8(0) }
            var optimized = reference
            var blocked = reference
            var packed = reference
            multipliers.withUnsafeBufferPointer { m in
                shifts.withUnsafeBufferPointer { s in
                    let p = FullyConnected.Parameters(
                        inputOffset: inputOffset, weightsOffset: 0, outputOffset: outputOffset, multiplier: 0, shift: 0,
                        activation: activation, channelMultipliers: m.baseAddress, channelShifts: s.baseAddress)
                    bias.withUnsafeBufferPointerIfPresent { b in
                        FullyConnected.run(p, input: x, weights: w, bias: b, output: &reference, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                        FullyConnected.runOptimized(p, input: x, weights: w, bias: b, output: &optimized, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                        FullyConnected.runBlocked(p, input: x, weights: w, bias: b, output: &blocked, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
                        _ = kernels.withScratch(FullyConnected.packedScratchBytes(inputDepth: inputDepth)) { scratch in
                            FullyConnected.runPacked(p, input: x, weights: w, bias: b, output: &packed, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth, scratch: scratch)
                        }
                    }
                }
            }
            #expect(reference == formula)
            #expect(optimized == formula)
            #expect(blocked == formula)
            #expect(packed == formula)
        }
    }
}
