/// Why a network could not be quantized or a quantized model could not be run.
public enum QuantizationError: Error, CustomStringConvertible, Equatable {
    /// A layer the int8 exporter has no operator for, or in a position it cannot handle.
    case unsupportedLayer(index: Int, description: String)
    /// A `--calibration` text that names no range choice.
    case unknownCalibration(String)
    /// Calibration needs at least one sample of the network's input size.
    case calibrationInputMismatch(expected: Int, actual: Int)
    /// The model's input does not take one example of the dataset.
    case modelInputMismatch(modelElements: Int, exampleElements: Int)
    /// The model's input or output has an element type the evaluator does not handle.
    case unsupportedModelBoundary(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unsupportedLayer(let index, let description):
            return "layer \(index) (\(description)) cannot be exported to int8"
        case .unknownCalibration(let text):
            return "unknown calibration '\(text)' (known: minmax, percentile[:P] with 50 < P ≤ 100, mse)"
        case .calibrationInputMismatch(let expected, let actual):
            return "calibration samples have \(actual) values each, the network takes \(expected)"
        case .modelInputMismatch(let modelElements, let exampleElements):
            return "the model takes \(modelElements) input values, an example of the dataset has \(exampleElements)"
        case .unsupportedModelBoundary(let reason):
            return reason
        }
    }
}
