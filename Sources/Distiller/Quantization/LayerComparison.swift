import EdgeModel
import EdgeRuntime
import Foundation

/// A float network and the int8 model made from it, run side by side over the same examples, layer
/// by layer: "my int8 model lost accuracy — where?"
///
/// Each operator group of the network (a convolution with its ReLU, a pool, …: the groups the
/// quantizer turns into one operator each, ``PostTrainingQuantizer``) is matched with the model
/// tensor the quantizer named after it (`op<i>`). Per layer: the signal-to-quantization-noise ratio
/// of the runtime's dequantized output against the float network's (both fed the same examples,
/// so the noise includes what earlier layers passed on), the largest error, and the share of float
/// values outside the int8 range (saturated). Then, with the model's own activation scales, the
/// float network is run with every activation rounded to its int8 grid (weights kept float), and
/// again with each layer's activation left unrounded in turn: the layer whose rounding costs most
/// accuracy is the one to quantize with more care (another calibration, per-channel weights, or
/// kept wider). The model's input comes first, as a layer of its own: its grid (the clipping range
/// over 256 steps) can cost accuracy before any operator runs.
public struct LayerComparison: Sendable {
    /// One layer's numbers.
    public struct Layer: Sendable, Codable, Equatable {
        /// The model tensor compared (`op3`, or `input`).
        public var tensor: String
        /// The float layers that make it.
        public var layers: String
        /// Its int8 step (scale).
        public var scale: Float
        /// Signal-to-quantization-noise ratio in dB: `10 log10(Σ f² / Σ (f − q)²)` (infinite when equal).
        public var signalToNoiseDecibels: Double
        /// The largest `|f − q|`, in the layer's real units.
        public var largestError: Float
        /// Share of float values outside the int8 range, `0…1`.
        public var saturatedShare: Double
        /// Accuracy of the activation-rounded float network with this layer's activation left
        /// unrounded; nil for a layer that shares its input's grid (max pool, reshape).
        public var accuracyWithThisLayerUnrounded: Double?
    }

    /// Examples compared.
    public var examples: Int
    /// The float network's accuracy on them.
    public var floatAccuracy: Double
    /// The int8 model's accuracy (the runtime).
    public var int8Accuracy: Double
    /// The float network with every activation rounded to the model's int8 grid, weights float.
    public var roundedActivationsAccuracy: Double
    /// The input first, then one entry per operator group, in order.
    public var layers: [Layer]

    /// The layer whose unrounded activation recovers most accuracy (index into ``layers``), or nil
    /// when none recovers any.
    public var layerToQuantizeWithCare: Int? {
        let gains = layers.indices.compactMap { index in layers[index].accuracyWithThisLayerUnrounded.map { (index, $0 - roundedActivationsAccuracy) } }
        guard let best = gains.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    /// Compares `network` (the float checkpoint) with `model` (its int8 export) on `inputs`
    /// (examples of `inputShape`, batch first) labelled `labels`.
    public init(network: Sequential, inputShape: [Int], model loaded: LoadedModel, inputs: Tensor, labels: [Int], batchSize: Int = 100) throws(QuantizationError) {
        let folded = try network.foldingNormalization()
        let (_, inputMaximum, groups) = try OperatorStep.groups(of: folded)
        let model = loaded.model
        guard model.inputCount == 1, model.outputCount == 1 else {
            throw .unsupportedModelBoundary("the model has \(model.inputCount) inputs and \(model.outputCount) outputs; compare needs one of each")
        }
        let input = model.tensor(model.inputTensorIndex(0))
        guard input.elementType == .int8, input.elementCount == inputShape.reduce(1, *), inputs.itemSize == input.elementCount else {
            throw .modelInputMismatch(modelElements: input.elementCount, exampleElements: inputs.itemSize)
        }
        // The tensor each group became, found by the name the quantizer gave it.
        var tensorOfName: [String: Int] = [:]
        for index in 0..<model.tensorCount { tensorOfName[loaded.tensorName(index)] = index }
        let tensors = try groups.indices.map { position throws(QuantizationError) -> Int in
            guard let index = tensorOfName["op\(position)"], model.tensor(index).elementType == .int8 else {
                throw .unsupportedModelBoundary("the model has no int8 tensor 'op\(position)': it was not made from this checkpoint by `quantize`")
            }
            return index
        }
        var shape = [1] + inputShape
        for (position, group) in groups.enumerated() {
            for layer in group.layers { shape = layer.outputShape(for: shape) ?? shape }
            guard model.tensor(tensors[position]).elementCount == shape.reduce(1, *) else {
                throw .unsupportedModelBoundary("the model's 'op\(position)' holds \(model.tensor(tensors[position]).elementCount) values, "
                                                + "the network's \(group.layers.map(\.description).joined(separator: " + ")) gives \(shape.reduce(1, *))")
            }
        }
        guard tensorOfName["op\(groups.count)"] == nil else {
            throw .unsupportedModelBoundary("the model has more operators than the network has layers: it was not made from this checkpoint")
        }
        var producer: [Int: Int] = [:]  // operator → group
        for operatorIndex in 0..<model.operatorCount {
            if let group = tensors.firstIndex(of: model.operatorRecord(operatorIndex).output(0)) { producer[operatorIndex] = group }
        }
        let grids = tensors.map { AffineQuantization(scale: model.tensor($0).scale, zeroPoint: Int32(model.tensor($0).zeroPoint)) }
        let inputGrid = AffineQuantization(scale: input.scale, zeroPoint: Int32(input.zeroPoint))
        let output = model.tensor(model.outputTensorIndex(0))
        let outputGrid = AffineQuantization(scale: output.scale, zeroPoint: Int32(output.zeroPoint))

        let runner: ModelRunner
        do { runner = try ModelRunner(loaded) } catch { throw .unsupportedModelBoundary("the runtime rejected the model: \(error)") }
        // Slot 0 is the input, slot g + 1 group g.
        let allGrids = [inputGrid] + grids
        var signal = [Double](repeating: 0, count: groups.count + 1), noise = signal, saturated = signal, counted = signal
        var largest = [Float](repeating: 0, count: groups.count + 1)
        var (floatCorrect, int8Correct) = (0, 0)
        var captured = tensors.map { [Int8](repeating: 0, count: model.tensor($0).elementCount) }
        var start = 0
        while start < inputs.batchSize {
            let end = min(start + batchSize, inputs.batchSize)
            var activation = inputs.items(start..<end).reshaped(to: [end - start] + inputShape)
            if let inputMaximum { activation = InputClipping(maximum: inputMaximum).forward(activation, training: false) }
            let examples = activation
            var floats: [Tensor] = [examples.reshaped(to: [end - start, input.elementCount])]
            for group in groups {
                for layer in group.layers { activation = layer.forward(activation, training: false) }
                floats.append(activation)
            }
            for (offset, label) in floats.last!.argmaxPerItem().enumerated() where label == labels[start + offset] { floatCorrect += 1 }
            for item in 0..<(end - start) {
                let destination = runner.inputBytes(0)
                for offset in 0..<input.elementCount {
                    destination[offset] = UInt8(bitPattern: inputGrid.quantize(examples.scalars[item * input.elementCount + offset]))
                }
                var observer = Capture { operatorIndex in
                    guard let group = producer[operatorIndex] else { return }
                    let bytes = runner.bytes(ofTensor: tensors[group])
                    for index in captured[group].indices { captured[group][index] = Int8(bitPattern: bytes[index]) }
                }
                runner.invoke(observer: &observer)
                let result = runner.outputBytes(0)
                let outputs = (0..<output.elementCount).map { outputGrid.dequantize(Int8(bitPattern: result[$0])) }
                if outputs.indices.max(by: { outputs[$0] < outputs[$1] }) == labels[start + item] { int8Correct += 1 }
                for slot in floats.indices {
                    let width = floats[slot].itemSize
                    let grid = allGrids[slot]
                    let (low, high) = (grid.dequantize(-128), grid.dequantize(127))
                    for index in 0..<width {
                        let f = floats[slot].scalars[item * width + index]
                        let q = grid.dequantize(slot == 0 ? grid.quantize(f) : captured[slot - 1][index])
                        signal[slot] += Double(f) * Double(f)
                        noise[slot] += Double(f - q) * Double(f - q)
                        largest[slot] = max(largest[slot], abs(f - q))
                        if f < low || f > high { saturated[slot] += 1 }
                    }
                    counted[slot] += Double(width)
                }
            }
            start = end
        }

        // The float network with activations rounded to the model's grids, then one left unrounded
        // at a time (slot 0 the input, slot g + 1 group g).
        func accuracy(unrounded: Int?) -> Double {
            var layers: [any Distiller.Layer] = unrounded == 0 ? [] : [FakeQuantization(inputGrid)]
            if let inputMaximum { layers.insert(InputClipping(maximum: inputMaximum), at: 0) }
            for (position, group) in groups.enumerated() {
                layers += group.layers
                if group.step.hasOwnOutputRange && position + 1 != unrounded { layers.append(FakeQuantization(grids[position])) }
            }
            let predicted = Sequential(layers).predict(inputs.reshaped(to: [inputs.batchSize] + inputShape)).argmaxPerItem()
            return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(1, labels.count))
        }
        examples = inputs.batchSize
        floatAccuracy = Double(floatCorrect) / Double(max(1, examples))
        int8Accuracy = Double(int8Correct) / Double(max(1, examples))
        roundedActivationsAccuracy = accuracy(unrounded: nil)
        layers = allGrids.indices.map { slot in
            let described = slot == 0
                ? "the int8 input" + (inputMaximum.map { ", clipped at \($0)" } ?? "")
                : groups[slot - 1].layers.map(\.description).joined(separator: " + ")
            return Layer(
                tensor: slot == 0 ? "input" : "op\(slot - 1)", layers: described, scale: allGrids[slot].scale,
                signalToNoiseDecibels: noise[slot] == 0 ? .infinity : 10 * log10(signal[slot] / noise[slot]),
                largestError: largest[slot], saturatedShare: saturated[slot] / max(1, counted[slot]),
                accuracyWithThisLayerUnrounded: slot == 0 || groups[slot - 1].step.hasOwnOutputRange ? accuracy(unrounded: slot) : nil)
        }
    }
}

/// Calls `body` after each operator.
private struct Capture: OperatorObserver {
    let body: (Int) -> Void
    mutating func willRun(operator index: Int, kind: OperatorKind) {}
    mutating func didRun(operator index: Int, kind: OperatorKind) { body(index) }
}
