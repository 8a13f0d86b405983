import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// Each operator's parameter record is written by the model writer (`words`) and read by the kernel
/// (`init(_:)`) through the same named layout: random records must survive the round trip.
@Suite struct ParameterRecordTests {
    func decode<Record>(_ words: [Int32], _ read: (ParameterWords) -> Record) -> Record {
        words.withUnsafeBufferPointer { read(ParameterWords(start: $0.baseAddress!, count: $0.count)) }
    }

    @Test(arguments: 0..<20) func fixedRecordsRoundTrip(seed: UInt64) {
        var random = SampleGraphs.Generator(seed: seed)
        func word() -> Int32 { Int32(truncatingIfNeeded: random.next()) }
        func clamp() -> ActivationRange { ActivationRange(minimum: word(), maximum: word()) }

        let dense = FullyConnected.Parameters(
            inputOffset: word(), weightsOffset: word(), outputOffset: word(), multiplier: word(), shift: word(), activation: clamp())
        #expect(dense.words.count == FullyConnected.parameterWords)
        #expect(decode(dense.words) { FullyConnected.Parameters($0, channels: 1) } == dense)

        let add = Add.Parameters(
            input1Offset: word(), input2Offset: word(), outputOffset: word(), leftShift: word(), input1Multiplier: word(),
            input1Shift: word(), input2Multiplier: word(), input2Shift: word(), outputMultiplier: word(), outputShift: word(),
            activation: clamp())
        #expect(add.words.count == Add.parameterWords)
        #expect(decode(add.words, Add.Parameters.init) == add)

        let softmax = Softmax.Parameters(inputMultiplier: word(), inputLeftShift: word(), differenceMinimum: word())
        #expect(softmax.words.count == Softmax.parameterWords)
        #expect(decode(softmax.words, Softmax.Parameters.init) == softmax)

        let pooling = PoolingParameters(
            window: WindowGeometry(strideHeight: Int(word()), strideWidth: Int(word()), padTop: Int(word()), padLeft: Int(word())),
            filterHeight: Int(word()), filterWidth: Int(word()), activation: clamp())
        #expect(pooling.words.count == PoolingParameters.parameterWords)
        #expect(decode(pooling.words, PoolingParameters.init) == pooling)

        let requantize = Quantize.RequantizeParameters(inputZeroPoint: word(), outputZeroPoint: word(), multiplier: word(), shift: word())
        #expect(requantize.words.count == Quantize.requantizeParameterWords)
        #expect(decode(requantize.words, Quantize.RequantizeParameters.init) == requantize)

        let affine = Quantize.FloatParameters(scale: Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) & 0x7F7F_FFFF), zeroPoint: word())
        #expect(affine.words.count == Quantize.floatParameterWords)
        #expect(decode(affine.words, Quantize.FloatParameters.init) == affine)
    }

    @Test(arguments: [1, 3, 8]) func perChannelRecordsRoundTrip(channels: Int) {
        var random = SampleGraphs.Generator(seed: UInt64(channels))
        func word() -> Int32 { Int32(truncatingIfNeeded: random.next()) }
        let window = WindowGeometry(
            strideHeight: Int(word()), strideWidth: Int(word()), dilationHeight: Int(word()), dilationWidth: Int(word()),
            padTop: Int(word()), padLeft: Int(word()))
        let activation = ActivationRange(minimum: word(), maximum: word())
        let multipliers = (0..<channels).map { _ in word() }
        let shifts = (0..<channels).map { _ in word() }
        let (inputOffset, outputOffset) = (word(), word())

        let convolution = Conv2D.Parameters.words(
            window: window, inputOffset: inputOffset, outputOffset: outputOffset, activation: activation,
            multipliers: multipliers, shifts: shifts)
        #expect(convolution.count == Conv2D.fixedParameterWords + 2 * channels)
        convolution.withUnsafeBufferPointer { words in
            // The decoded record points into `words`: check it while they live.
            Conv2D.Parameters(ParameterWords(start: words.baseAddress!, count: words.count), channels: channels).check(
                window, inputOffset, outputOffset, activation, multipliers, shifts, channels)
        }

        let depthMultiplier = Int(word())
        let depthwise = DepthwiseConv2D.Parameters.words(
            window: window, depthMultiplier: depthMultiplier, inputOffset: inputOffset, outputOffset: outputOffset,
            activation: activation, multipliers: multipliers, shifts: shifts)
        #expect(depthwise.count == DepthwiseConv2D.fixedParameterWords + 2 * channels)
        let decoded = decode(depthwise) { DepthwiseConv2D.Parameters($0, channels: channels) }
        #expect(decoded.depthMultiplier == depthMultiplier)
        #expect(decoded.window == window && decoded.inputOffset == inputOffset && decoded.outputOffset == outputOffset)
        #expect(decoded.activation == activation)
    }
}

extension Conv2D.Parameters {
    func check(
        _ window: WindowGeometry, _ inputOffset: Int32, _ outputOffset: Int32, _ activation: ActivationRange,
        _ multipliers: [Int32], _ shifts: [Int32], _ channels: Int
    ) {
        #expect(self.window == window && self.inputOffset == inputOffset && self.outputOffset == outputOffset)
        #expect(self.activation == activation)
        #expect((0..<channels).map { self.multipliers[$0] } == multipliers)
        #expect((0..<channels).map { self.shifts[$0] } == shifts)
    }
}
