import EdgeRuntime

/// Why a model could not be exported as a `.tflite` file. Each message is one line.
public enum TFLiteExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An operator whose settings have no TFLite form.
    case unsupportedOperator(index: Int, kind: String, reason: String)
    /// The `.edm` model's operators could not be turned back into a graph.
    case reconstruction(GraphReconstructionError)
    /// The written file, imported again, does not give the model's operators (a writer bug).
    case roundTripMismatch(String)

    public var description: String {
        switch self {
        case .unsupportedOperator(let index, let kind, let reason): return "operator \(index) (\(kind)): \(reason)"
        case .reconstruction(let error): return "cannot recover the graph from the model: \(error)"
        case .roundTripMismatch(let what): return "the written TFLite file does not import as the model: \(what)"
        }
    }
}

extension TFLiteWriter {
    /// The `.tflite` bytes of an `.edm` model, checked before they are returned: the file, imported
    /// again and written as an `.edm`, has the model's operators (kinds, tensors, parameter words)
    /// and tensors (shapes, types, quantization, constant bytes), so TFLite's formulas recompute
    /// exactly the integers the runtime runs with.
    public static func write(_ loaded: LoadedModel) throws(TFLiteExportError) -> [UInt8] {
        let graph: Graph
        do { graph = try Graph(reconstructing: loaded) } catch { throw .reconstruction(error) }
        let bytes = try write(graph)
        let again: LoadedModel
        do {
            again = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: bytes, name: loaded.name)))
        } catch {
            throw .roundTripMismatch("\(error)")
        }
        if let difference = firstDifference(loaded.model, again.model) { throw .roundTripMismatch(difference) }
        return bytes
    }

    /// The first way `copy` computes differently from `original`, or nil. Tensors the export added
    /// (a RESHAPE's shape) come after the original's and are not compared.
    static func firstDifference(_ original: Model, _ copy: Model) -> String? {
        guard copy.operatorCount == original.operatorCount, copy.tensorCount >= original.tensorCount,
              copy.inputCount == original.inputCount, copy.outputCount == original.outputCount else {
            return "\(copy.operatorCount) operators and \(copy.tensorCount) tensors for \(original.operatorCount) and \(original.tensorCount)"
        }
        for position in 0..<original.inputCount where copy.inputTensorIndex(position) != original.inputTensorIndex(position) {
            return "graph input \(position)"
        }
        for position in 0..<original.outputCount where copy.outputTensorIndex(position) != original.outputTensorIndex(position) {
            return "graph output \(position)"
        }
        for index in 0..<original.tensorCount {
            let (a, b) = (original.tensor(index), copy.tensor(index))
            let shapes = (0..<a.rank).map { a.dimension($0) } == (0..<b.rank).map { b.dimension($0) } && a.rank == b.rank
            let entries = { (model: Model, record: TensorRecord) in
                (0..<record.quantizationCount).map { model.quantizationEntry(record.quantizationIndex + $0) }.map { [$0.scale.bitPattern, UInt32(bitPattern: $0.zeroPoint)] }
            }
            // An int32 bias the export gave TFLite's scales (`TFLiteWriter`) was unquantized before.
            let biasGainedScales = a.elementType == .int32 && a.scale == 0 && a.quantizationCount == 0
            let sameQuantization = biasGainedScales || (a.scale.bitPattern == b.scale.bitPattern && a.zeroPoint == b.zeroPoint
                && entries(original, a) == entries(copy, b) && (a.quantizationCount == 0 || a.quantizationAxis == b.quantizationAxis))
            guard shapes, a.elementType == b.elementType, a.storage == b.storage, sameQuantization else {
                return "tensor \(index) differs in shape, type or quantization"
            }
            if a.storage == .constant && !original.constantBytes(ofTensor: index).elementsEqual(copy.constantBytes(ofTensor: index)) {
                return "tensor \(index)'s constant bytes differ"
            }
        }
        for index in 0..<original.operatorCount {
            let (a, b) = (original.operatorRecord(index), copy.operatorRecord(index))
            guard a.kind == b.kind, b.inputCount >= a.inputCount, a.outputCount == b.outputCount,
                  (0..<a.inputCount).allSatisfy({ a.input($0) == b.input($0) }), (0..<a.outputCount).allSatisfy({ a.output($0) == b.output($0) })
            else { return "operator \(index) (\(a.kind.name)) has other tensors" }
            guard a.parameterCount == b.parameterCount, (0..<a.parameterCount).allSatisfy({ a.parameter($0) == b.parameter($0) }) else {
                return "operator \(index) (\(a.kind.name)) computes other parameter words"
            }
        }
        return nil
    }
}
