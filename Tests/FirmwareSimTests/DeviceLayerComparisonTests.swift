import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport
@testable import FirmwareSim

/// The host runtime and a model's firmware, operator by operator.
@Suite struct DeviceLayerComparisonTests {
    /// A model of several operators (the sample that holds one of each common kind).
    func sample() throws -> LoadedModel { try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator())) }

    @Test func aDifferingByteIsPinnedToItsOperator() throws {
        let model = try sample()
        let outputs: [(operator: Int, bytes: [UInt8])] = (0..<model.model.operatorCount).map { ($0, [1, 2, 3]) }
        var device = outputs
        device[2].bytes[1] = 2 &+ 5
        let operators = try DeviceLayerComparison.operators(model: model, device: device, host: outputs)
        #expect(operators.map(\.differingBytes) == (0..<operators.count).map { $0 == 2 ? 1 : 0 })
        #expect(operators[2].largestDifference == 5 && operators.allSatisfy { $0.bytes == 3 })
        #expect(throws: FirmwareError.self) { try DeviceLayerComparison.operators(model: model, device: Array(device.dropLast()), host: outputs) }
    }

    @Test func firmwareUnderQEMUMatchesTheHostOnEveryOperator() throws {
        guard FirmwareEmulationTests.toolsPresent(neededBy: "operator dump under QEMU") else { return }
        let model = try sample()
        var random = LayerSamples.Generator(seed: 5)
        let rowBytes = (0..<model.model.inputCount).reduce(0) { $0 + model.model.tensor(model.model.inputTensorIndex($1)).byteCount }
        let comparison = try DeviceLayerComparison(model: model, inputs: random.bytes(2 * rowBytes), target: .cortexM4, sources: FirmwareSources.locate())
        #expect(comparison.rows == 2 && comparison.operators.count == model.model.operatorCount)
        #expect(comparison.operators.allSatisfy { $0.bytes > 0 } && comparison.firstDifferingOperator == nil, "\(comparison.operators)")
    }
}
