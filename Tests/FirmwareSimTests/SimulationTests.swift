import Foundation
import Testing

@testable import FirmwareSim

@Suite struct SimulationTests {
    @Test func costModelFollowsTheFormula() {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let device = Fixtures.simpleDevice()
        let estimate = CostModel(device: device).estimate(workload)
        let layers = workload.layers
        // Shallow conv ×3, depthwise ×2, dense ×1, pooling and softmax 1 cycle per element, reshape nothing.
        let expected = [
            3.0 * Double(layers[0].multiplyAccumulates), 2.0 * Double(layers[1].multiplyAccumulates),
            Double(layers[2].elementwiseElements), 0, Double(layers[4].multiplyAccumulates), Double(layers[5].elementwiseElements),
        ]
        for (cost, cycles) in zip(estimate.layers, expected) { #expect(abs(cost.cycles - cycles) < 1e-9, "\(cost.operatorName)") }
        #expect(abs(estimate.seconds - expected.reduce(0, +) / 100e6) < 1e-15)
    }

    @Test func slowMemoryMakesLayersMemoryBound() {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let fast = CostModel(device: Fixtures.simpleDevice(bandwidth: 1e6)).estimate(workload)
        let slow = CostModel(device: Fixtures.simpleDevice(bandwidth: 1)).estimate(workload)  // 1 MB/s at 100 MHz
        #expect(fast.layers.allSatisfy { !$0.isMemoryBound })
        let moving = slow.layers.filter { $0.bytesMoved > 0 }
        #expect(!moving.isEmpty)
        #expect(moving.allSatisfy { $0.isMemoryBound })
        #expect(slow.seconds > fast.seconds)
    }

    @Test func budgetsAddUpAndPass() {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let simulation = DeviceSimulation(workload: workload, device: Fixtures.simpleDevice(), kernelCosts: Fixtures.noKernelCosts)
        let memory = simulation.memory
        let components: Int = workload.arenaBytes + workload.inputBytes + workload.outputBytes + 300
        let margin: Int = 1_048_576 - memory.peakRAMBytes
        #expect(memory.peakRAMBytes == components)
        #expect(memory.ramMarginBytes == margin)
        #expect(memory.flashBytes == workload.modelFlashBytes + 1000)
        #expect(simulation.passes)
        #expect(simulation.failureReasons.isEmpty)
    }

    @Test func modelThatFitsNowhereStillGetsItsFullReport() {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let device = Fixtures.simpleDevice(ram: 256, flash: 512)
        let simulation = DeviceSimulation(workload: workload, device: device, kernelCosts: Fixtures.noKernelCosts)
        #expect(!simulation.passes)
        #expect(simulation.latency.layers.count == workload.layers.count)
        #expect(simulation.energy.activeMicrojoulesPerInference > 0)
        #expect(simulation.memory.ramMarginBytes == 256 - simulation.memory.peakRAMBytes)
        let reasons = simulation.failureReasons.joined(separator: "\n")
        // RAM: names the peak operator's live tensors; flash: the layer with the most weights (the conv).
        #expect(reasons.contains("RAM over by \(simulation.memory.peakRAMBytes - 256) B"))
        #expect(simulation.memory.tensorsAtPeak.contains { reasons.contains($0.name) })
        #expect(reasons.contains("flash over by"))
        #expect(reasons.contains("most weights: layer 0 CONV_2D conv"))
    }

    @Test func streamDutyCycleAndAveragePower() throws {
        let energy = EnergyEstimate(latencySeconds: 0.005, activePowerMilliwatts: 40, idlePowerMilliwatts: 2, hopSeconds: 0.020)
        let duty: Double = try #require(energy.dutyCycle)
        let average: Double = try #require(energy.averagePowerMilliwatts)
        let perHop: Double = try #require(energy.microjoulesPerHop)
        let expectedAverage: Double = 40 * 0.25 + 2 * 0.75
        let expectedPerHop: Double = 200 + 2 * 0.015 * 1000
        #expect(abs(duty - 0.25) < 1e-12)
        #expect(abs(average - expectedAverage) < 1e-9)
        #expect(abs(energy.activeMicrojoulesPerInference - 200) < 1e-9)
        #expect(abs(perHop - expectedPerHop) < 1e-9)
        #expect(energy.keepsUp == true)
        let late = EnergyEstimate(latencySeconds: 0.030, activePowerMilliwatts: 40, idlePowerMilliwatts: 2, hopSeconds: 0.020)
        #expect(late.keepsUp == false)
        #expect(late.averagePowerMilliwatts == 40)
        let once = EnergyEstimate(latencySeconds: 0.030, activePowerMilliwatts: 40, idlePowerMilliwatts: 2, hopSeconds: nil)
        #expect(once.dutyCycle == nil && once.keepsUp == nil)
    }

    @Test func tooSlowForTheStreamFails() {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let latency = CostModel(device: Fixtures.simpleDevice()).estimate(workload).seconds
        let simulation = DeviceSimulation(workload: workload, device: Fixtures.simpleDevice(), kernelCosts: Fixtures.noKernelCosts, hopSeconds: latency / 2)
        #expect(!simulation.passes)
        #expect(simulation.failureReasons.contains { $0.contains("too slow for the stream") })
    }

    @Test func htmlReportIsSelfContainedWithBothCharts() throws {
        let workload = ModelWorkload(graph: Fixtures.smallGraph())
        let devices = [Fixtures.simpleDevice(), Fixtures.simpleDevice(ram: 100, flash: 100)]
        let report = SimulationReport(workload: workload, devices: devices, kernelCosts: Fixtures.noKernelCosts, hopSeconds: 0.02)
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "class=\"latency\"").count - 1 == devices.count)
        #expect(html.components(separatedBy: "class=\"arena\"").count - 1 == 1)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        // One rectangle per arena tensor inside the arena chart.
        let arena = try #require(html.components(separatedBy: "class=\"arena\"").last?.components(separatedBy: "</svg>").first)
        #expect(arena.components(separatedBy: "operators ").count - 1 == workload.arenaTensors.count)
        #expect(html.contains("PASS") && html.contains("FAIL"))
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        #expect((json?["simulations"] as? [Any])?.count == 2)
    }
}
