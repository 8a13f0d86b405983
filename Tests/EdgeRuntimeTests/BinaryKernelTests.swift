import EdgeRuntime
import Testing
import TestSupport

/// Each binary element-wise kernel over a ``BroadcastLayout`` gives, element for element, what the
/// independent restatement of TFLM's formula (`TFLMBinaryReference`) gives on TFLite's broadcast
/// indices: random shapes (broadcast and equal), random inputs, and random words across the ranges
/// validation admits.
@Suite struct BinaryKernelTests {
    struct Draw {
        var random: SampleGraphs.Generator

        mutating func int32(_ range: ClosedRange<Int>) -> Int32 { Int32(random.integer(in: range)) }
        mutating func bytes(_ count: Int) -> [Int8] { (0..<count).map { _ in random.int8() } }
        mutating func inputOffset() -> Int32 { int32(-127...128) }
        mutating func outputOffset() -> Int32 { int32(-128...127) }
        mutating func multiplier() -> Int32 {
            random.integer(in: 0...9) == 0 ? int32(0...Int(Int32.max)) : int32((1 << 30)...Int(Int32.max))
        }
        mutating func clamp() -> ActivationRange {
            let maximum = int32(-30...127)
            return ActivationRange(minimum: int32(-128...Int(maximum)), maximum: maximum)
        }
    }

    /// Runs `kernel` and the restated `reference` on random cases.
    func check(
        seed: UInt64, cases: Int = 120,
        _ kernel: (inout Draw, UnsafePointer<Int32>, [Int8], [Int8], inout [Int8]) -> ((Int8, Int8) -> Int8)
    ) throws {
        var draw = Draw(random: SampleGraphs.Generator(seed: seed))
        for _ in 0..<cases {
            let c = BroadcastCase.random(&draw.random, broadcast: draw.random.integer(in: 0...2) != 0)
            let layout = try #require(BroadcastLayout.words(output: c.output, first: c.first, second: c.second))
            let first = draw.bytes(c.first.reduce(1, *))
            let second = draw.bytes(c.second.reduce(1, *))
            var output = [Int8](repeating: 0, count: c.outputCount)
            let reference = layout.withUnsafeBufferPointer { kernel(&draw, $0.baseAddress!, first, second, &output) }
            #expect(output == TFLMBinaryReference.broadcast(c, first, second, reference), "\(c)")
        }
    }

    @Test(arguments: 0..<3) func add(seed: UInt64) throws {
        try check(seed: 200 + seed) { draw, layout, first, second, output in
            let p = Add.Parameters(
                input1Offset: draw.inputOffset(), input2Offset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                leftShift: draw.int32(0...20), input1Multiplier: draw.multiplier(), input1Shift: draw.int32(-31...0),
                input2Multiplier: draw.multiplier(), input2Shift: draw.int32(-31...0), outputMultiplier: draw.multiplier(),
                outputShift: draw.int32(-31...0), activation: draw.clamp())
            Add.run(p, layout: layout, first: first, second: second, output: &output)
            return { TFLMBinaryReference.add($0, $1, p) }
        }
    }

    @Test(arguments: 0..<3) func sub(seed: UInt64) throws {
        try check(seed: 210 + seed) { draw, layout, first, second, output in
            let p = Sub.Parameters(
                input1Offset: draw.inputOffset(), input2Offset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                leftShift: draw.int32(0...20), input1Multiplier: draw.multiplier(), input1Shift: draw.int32(-31...0),
                input2Multiplier: draw.multiplier(), input2Shift: draw.int32(-31...0), outputMultiplier: draw.multiplier(),
                outputShift: draw.int32(-31...0), activation: draw.clamp())
            Sub.run(p, layout: layout, first: first, second: second, output: &output)
            return { TFLMBinaryReference.add($0, $1, p, subtract: true) }
        }
    }

    @Test(arguments: 0..<3) func mul(seed: UInt64) throws {
        try check(seed: 220 + seed) { draw, layout, first, second, output in
            let p = Mul.Parameters(
                input1Offset: draw.inputOffset(), input2Offset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                outputMultiplier: draw.multiplier(), outputShift: draw.int32(-31...14), activation: draw.clamp())
            Mul.run(p, layout: layout, first: first, second: second, output: &output)
            return { TFLMBinaryReference.mul($0, $1, p) }
        }
    }

    @Test(arguments: 0..<3) func squaredDifference(seed: UInt64) throws {
        try check(seed: 230 + seed) { draw, layout, first, second, output in
            let p = SquaredDifference.Parameters(
                input1Offset: draw.inputOffset(), input2Offset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                leftShift: draw.int32(0...7), input1Multiplier: draw.multiplier(), input1Shift: draw.int32(-31...0),
                input2Multiplier: draw.multiplier(), input2Shift: draw.int32(-31...0), outputMultiplier: draw.multiplier(),
                outputShift: draw.int32(-31...4))
            SquaredDifference.run(p, layout: layout, first: first, second: second, output: &output)
            return { TFLMBinaryReference.squaredDifference($0, $1, p) }
        }
    }

    @Test(arguments: 0..<3) func prelu(seed: UInt64) throws {
        try check(seed: 240 + seed) { draw, layout, first, second, output in
            let p = Prelu.Parameters(
                inputOffset: draw.inputOffset(), alphaOffset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                identityMultiplier: draw.multiplier(), identityShift: draw.int32(-31...8), slopeMultiplier: draw.multiplier(),
                slopeShift: draw.int32(-31...8))
            Prelu.run(p, layout: layout, input: first, alpha: second, output: &output)
            return { TFLMBinaryReference.prelu($0, $1, p) }
        }
    }

    @Test(arguments: 0..<2) func maximumAndMinimum(seed: UInt64) throws {
        try check(seed: 250 + seed) { _, layout, first, second, output in
            Maximum.run(layout: layout, first: first, second: second, output: &output)
            return TFLMBinaryReference.maximum
        }
        try check(seed: 260 + seed) { _, layout, first, second, output in
            Minimum.run(layout: layout, first: first, second: second, output: &output)
            return TFLMBinaryReference.minimum
        }
    }

    /// The same-shape ADD (twelve words, flat) and the broadcasting form over one run agree.
    @Test func addFormsAgreeOnEqualShapes() throws {
        var draw = Draw(random: SampleGraphs.Generator(seed: 270))
        for _ in 0..<40 {
            let count = draw.random.integer(in: 1...200)
            let layout = try #require(BroadcastLayout.words(output: [count], first: [count], second: [count]))
            let p = Add.Parameters(
                input1Offset: draw.inputOffset(), input2Offset: draw.inputOffset(), outputOffset: draw.outputOffset(),
                leftShift: 20, input1Multiplier: draw.multiplier(), input1Shift: draw.int32(-8...0),
                input2Multiplier: draw.multiplier(), input2Shift: draw.int32(-8...0), outputMultiplier: draw.multiplier(),
                outputShift: draw.int32(-20...0), activation: draw.clamp())
            let first = draw.bytes(count)
            let second = draw.bytes(count)
            var flat = [Int8](repeating: 0, count: count)
            var broadcast = flat
            Add.run(p, first: first, second: second, output: &flat, count: count)
            Add.run(p, layout: layout, first: first, second: second, output: &broadcast)
            #expect(flat == broadcast)
        }
    }
}

/// The new parameter records survive the writer's words and the kernel's reading by name.
@Suite struct BinaryParameterRecordTests {
    func decode<Record>(_ words: [Int32], _ read: (ParameterWords) -> Record) -> Record {
        words.withUnsafeBufferPointer { read(ParameterWords(start: $0.baseAddress!, count: $0.count)) }
    }

    @Test(arguments: 0..<10) func recordsRoundTrip(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: 280 + seed)
        func word() -> Int32 { Int32(truncatingIfNeeded: random.next()) }
        let mul = Mul.Parameters(
            input1Offset: word(), input2Offset: word(), outputOffset: word(), outputMultiplier: word(), outputShift: word(),
            activation: ActivationRange(minimum: word(), maximum: word()))
        #expect(mul.words.count == Mul.layoutWord)
        #expect(decode(mul.words, Mul.Parameters.init) == mul)
        let squared = SquaredDifference.Parameters(
            input1Offset: word(), input2Offset: word(), outputOffset: word(), leftShift: word(), input1Multiplier: word(),
            input1Shift: word(), input2Multiplier: word(), input2Shift: word(), outputMultiplier: word(), outputShift: word())
        #expect(squared.words.count == SquaredDifference.layoutWord)
        #expect(decode(squared.words, SquaredDifference.Parameters.init) == squared)
        let prelu = Prelu.Parameters(
            inputOffset: word(), alphaOffset: word(), outputOffset: word(), identityMultiplier: word(), identityShift: word(),
            slopeMultiplier: word(), slopeShift: word())
        #expect(prelu.words.count == Prelu.layoutWord)
        #expect(decode(prelu.words, Prelu.Parameters.init) == prelu)
    }
}
