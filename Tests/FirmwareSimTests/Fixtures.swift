import EdgeModel
import EdgeRuntime
import Foundation
import TestSupport

@testable import FirmwareSim

/// Small hand-made graphs, profiles and the shipped device folder.
enum Fixtures {
    /// The repository's `firmware-sim/devices`.
    static var devicesFolder: URL { SharedFixtures.repositoryRoot.appendingPathComponent("firmware-sim/devices") }

    /// input [1,8,8,2] → CONV_2D 3x3 (4 out) → DEPTHWISE 3x3 → AVERAGE_POOL (global) → RESHAPE → FULLY_CONNECTED (3) → SOFTMAX.
    static func smallGraph() -> Graph {
        let q = QuantizationParameters(scale: 0.05, zeroPoint: -128)
        func activation(_ name: String, _ shape: [Int]) -> TensorDescription {
            TensorDescription(name: name, shape: shape, elementType: .int8, quantization: q)
        }
        func constant(_ name: String, _ shape: [Int], _ type: ElementType = .int8) -> TensorDescription {
            let count = shape.reduce(1, *) * type.byteWidth
            return TensorDescription(
                name: name, shape: shape, elementType: type, quantization: QuantizationParameters(scale: 0.01, zeroPoint: 0),
                constantData: [UInt8](repeating: 1, count: count))
        }
        let tensors = [
            activation("input", [1, 8, 8, 2]),  // 0
            constant("conv/filter", [4, 3, 3, 2]),  // 1
            constant("conv/bias", [4], .int32),  // 2
            activation("conv", [1, 8, 8, 4]),  // 3
            constant("dw/filter", [1, 3, 3, 4]),  // 4
            constant("dw/bias", [4], .int32),  // 5
            activation("dw", [1, 8, 8, 4]),  // 6
            activation("pool", [1, 1, 1, 4]),  // 7
            activation("flat", [1, 4]),  // 8
            constant("fc/weights", [3, 4]),  // 9
            constant("fc/bias", [3], .int32),  // 10
            activation("logits", [1, 3]),  // 11
            TensorDescription(name: "probabilities", shape: [1, 3], elementType: .int8, quantization: QuantizationParameters(scale: 1.0 / 256, zeroPoint: -128)),  // 12
        ]
        let operators = [
            OperatorDescription(kind: .conv2D, inputs: [0, 1, 2], outputs: [3], options: .init(padding: .same, fusedActivation: .relu)),
            OperatorDescription(kind: .depthwiseConv2D, inputs: [3, 4, 5], outputs: [6], options: .init(padding: .same, fusedActivation: .relu)),
            OperatorDescription(kind: .averagePool2D, inputs: [6], outputs: [7], options: .init(padding: .valid, strideHeight: 8, strideWidth: 8, filterHeight: 8, filterWidth: 8)),
            OperatorDescription(kind: .reshape, inputs: [7], outputs: [8]),
            OperatorDescription(kind: .fullyConnected, inputs: [8, 9, 10], outputs: [11]),
            OperatorDescription(kind: .softmax, inputs: [11], outputs: [12]),
        ]
        return Graph(name: "small", tensors: tensors, operators: operators, inputs: [0], outputs: [12])
    }

    /// A profile with round numbers: 100 MHz, 1 cycle per MAC, no per-output or overhead costs.
    static func simpleDevice(ram: Double = 1_048_576, flash: Double = 1_048_576, bandwidth: Double = 1e6) -> DeviceProfile {
        func n(_ value: Double) -> SourcedNumber { SourcedNumber(value, source: "test") }
        let stack = SoftwareStack(
            name: "unit", cyclesPerMAC: n(1), outputCostInMACs: n(0), depthwiseFactor: n(2), shallowConvolutionFactor: n(3),
            denseFactor: n(1), weightCyclesPerByte: n(0), elementwiseCostInMACs: n(1), operatorOverheadCycles: n(0),
            runtimeCodeBytes: n(1000), runtimeStateBytes: n(100), stackBytes: n(200))
        return DeviceProfile(
            name: "unit-device", summary: "test", category: "test", processor: "none", clockMegahertz: n(100), cores: n(1),
            macsPerCyclePerCore: n(1), simdWidthBits: n(32), dataCacheKibibytes: n(0), level2CacheKibibytes: n(0),
            memoryBandwidthMegabytesPerSecond: n(bandwidth), ramBytes: n(ram), flashBytes: n(flash),
            activePowerMilliwatts: n(50), idlePowerMilliwatts: n(1), stacks: [stack], runtime: stack.footprint)
    }

    /// No fitted kernel costs: a device then falls back to its first comparison stack.
    static let noKernelCosts = KernelCostCatalog(models: [])
}
