import EdgeModel
import Foundation

/// Per-layer workloads of the four MLPerf Tiny models, read from the operator tables of
/// `shared/conformance/mlperf-tiny/MODELS.md` (kind, input and output shapes, MACs, constant bytes). Calibration needs only layer work, not an arena plan, so this works without
/// importing the `.tflite` files.
public enum ReferenceWorkloads {
    /// The MODELS.md section name of each benchmark.
    public static let fileNames = [
        "KWS": "kws_ref_model", "VWW": "vww_96_int8", "IC": "resnet8_cifar10_int8", "AD": "ad01_int8",
    ]

    /// Parses MODELS.md; returns the workload of each benchmark found, keyed `KWS`, `VWW`, `IC`, `AD`.
    public static func parse(modelsMarkdown text: String) -> [String: ModelWorkload] {
        var layersOfModel: [String: [LayerWorkload]] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let title = line.dropFirst(3)
                current = fileNames.first { title.hasPrefix($0.value + ".tflite") }?.key
                continue
            }
            guard let model = current, line.hasPrefix("| ") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8, let index = Int(cells[1]), let kind = operatorKind(cells[2]) else { continue }
            let shapes = bracketedShapes(cells[3])
            guard let input = shapes.first, let output = shapes.last,
                let macs = Int((cells[6].split(separator: " ").first ?? "").replacingOccurrences(of: ",", with: "")),
                let constants = Int(cells[7].replacingOccurrences(of: ",", with: ""))
            else { continue }
            let inputElements = input.reduce(1, *)
            let outputElements = output.reduce(1, *)
            var elementwise = 0
            var read = inputElements
            switch kind.kind {
            case .pooling, .softmax: elementwise = inputElements
            case .add:
                elementwise = 2 * outputElements
                read = 2 * outputElements
            case .dataMovement: read = 0
            default: break
            }
            layersOfModel[model, default: []].append(
                LayerWorkload(
                    index: index, operatorName: kind.name, label: "\(kind.name) \(index)", kind: kind.kind,
                    multiplyAccumulates: macs, weightBytes: constants, activationBytesRead: read,
                    activationBytesWritten: kind.kind == .dataMovement ? 0 : outputElements, outputElements: outputElements,
                    elementwiseElements: elementwise, inputChannels: input.last ?? 1))
        }
        var workloads: [String: ModelWorkload] = [:]
        for (model, layers) in layersOfModel {
            workloads[model] = ModelWorkload(
                name: fileNames[model] ?? model, layers: layers, arenaTensors: [], arenaBytes: 0, inputBytes: 0,
                outputBytes: 0, constantBytes: layers.reduce(0) { $0 + $1.weightBytes }, metadataBytes: 0)
        }
        return workloads
    }

    static func operatorKind(_ cell: String) -> (name: String, kind: WorkloadKind)? {
        let name = String(cell.split(separator: " ").first ?? "")
        switch name {
        case "CONV_2D": return (name, .convolution)
        case "DEPTHWISE_CONV_2D": return (name, .depthwiseConvolution)
        case "FULLY_CONNECTED": return (name, .dense)
        case "AVERAGE_POOL_2D", "MAX_POOL_2D": return (name, .pooling)
        case "ADD": return (name, .add)
        case "SOFTMAX": return (name, .softmax)
        case "RESHAPE", "QUANTIZE", "DEQUANTIZE": return (name, .dataMovement)
        default: return nil
        }
    }

    /// Every `[AxBxC]` in `text` as integer dimensions.
    static func bracketedShapes(_ text: String) -> [[Int]] {
        var shapes: [[Int]] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let inside = rest[rest.index(after: open)..<close]
            let dimensions = inside.split(separator: "x").compactMap { Int($0) }
            if !dimensions.isEmpty, dimensions.count == inside.split(separator: "x").count { shapes.append(dimensions) }
            rest = rest[rest.index(after: close)...]
        }
        return shapes
    }
}

extension ReferenceWorkloads {
    /// A conformance model that could not be imported; prints as one line naming the file.
    public struct ImportError: Error, CustomStringConvertible, Equatable {
        /// The `.tflite` file.
        public let path: String
        /// Why the importer or the writer rejected it.
        public let reason: String

        /// One line for the user.
        public var description: String { "\(path): \(reason)" }
    }

    /// The workloads of the four MLPerf Tiny `.tflite` files in `folder`, each imported, written as
    /// an `.edm` model and read back, so the calibration sees exactly what the runtime would run.
    /// A file that is present but cannot be imported throws ``ImportError`` naming it.
    public static func importConformance(folder: URL) throws(ImportError) -> [String: ModelWorkload] {
        var workloads: [String: ModelWorkload] = [:]
        for (benchmark, fileName) in fileNames {
            let url = folder.appendingPathComponent(fileName + ".tflite")
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            do {
                let graph = try TFLiteImporter.importGraph(from: [UInt8](data), name: fileName)
                let loaded = try LoadedModel(bytes: try ModelWriter().write(graph))
                workloads[benchmark] = ModelWorkload(model: loaded.model)
            } catch {
                throw ImportError(path: url.path, reason: "\(error)")
            }
        }
        return workloads
    }
}
