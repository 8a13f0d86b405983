import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@testable import FirmwareSim

/// The runtime built as Cortex-M firmware and run under QEMU reproduces TFLM's outputs bit for bit.
@Suite struct FirmwareEmulationTests {
    /// The tools the firmware needs, or nil after printing which one is missing.
    static func toolsPresent(neededBy test: String) -> Bool {
        let tools = ["swiftc", "arm-none-eabi-gcc", "arm-none-eabi-size", "arm-none-eabi-nm", "qemu-system-arm"]
        if let missing = tools.first(where: { ExternalTool.find($0) == nil }) {
            print("SKIP \(test): \(missing) is not installed (apt-get install qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi)")
            return false
        }
        return true
    }

    @Test func kwsFirmwareOnCortexM4MatchesTFLM() throws {
        let test = "KWS firmware under QEMU"
        guard Self.toolsPresent(neededBy: test), let conformance = SharedFixtures.conformance(neededBy: test) else { return }
        let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("kws_ref_model.tflite")))
        let loaded = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: tflite, name: "kws_ref_model")))
        let golden = conformance.appendingPathComponent("golden/kws_ref_model")
        let inputs = try NumPyArray.load(contentsOf: golden.appendingPathComponent("inputs.npy"))
        let expected = try NumPyArray.load(contentsOf: golden.appendingPathComponent("outputs_tflm.npy"))

        let inference = try EmulatedInference(model: loaded, inputs: inputs.bytes, target: .cortexM4, sources: FirmwareSources.locate())

        let rows = inputs.shape[0]
        let width = expected.bytes.count / rows
        #expect(inference.run.outputs.count == rows)
        for row in 0..<rows {
            #expect(inference.run.outputs[row] == Array(expected.bytes[(row * width)..<((row + 1) * width)]), "row \(row)")
        }
        // Every invoke and every operator was counted; operators account for all but the loop overhead.
        let operators = loaded.model.operatorCount
        #expect(inference.run.invokeInstructions.count == rows)
        #expect(inference.run.operatorInstructions.count == rows * operators)
        let perOperator = inference.instructionsPerOperator.reduce(0, +)
        #expect(perOperator <= inference.instructionsPerInference)
        #expect(perOperator > inference.instructionsPerInference * 99 / 100)
        #expect(inference.run.totalInstructions > inference.run.invokeInstructions.reduce(0, +))
        // The image holds the model and the arena; the stack was used but not exhausted.
        #expect(inference.image.image.text > loaded.model.bytes.count)
        #expect(inference.image.image.bss >= loaded.model.arenaBytes)
        #expect(inference.image.runtime.text > 0 && inference.image.runtime.text < inference.image.image.text)
        #expect(inference.run.peakStackBytes > 0 && inference.run.peakStackBytes < 64 * 1024)
    }

    @Test func consoleParsingRejectsFirmwareErrors() {
        #expect(throws: FirmwareError.self) {
            try EmulatorRun(console: "EDGE ERROR 1\nEDGE STACK 100\n", pluginReport: "total 5\ninvoke 3\n", rows: 1)
        }
        #expect(throws: FirmwareError.self) {
            try EmulatorRun(console: "EDGE STACK 100\n", pluginReport: "total 5\ninvoke 3\n", rows: 1)
        }
    }

    @Test func consoleParsingReadsOutputsStackAndCounts() throws {
        let run = try EmulatorRun(
            console: "EDGE OUTPUT 0 00ff7f\nEDGE STACK 2188\n", pluginReport: "total 50\ninvoke 30\noperator 10\noperator 19\n", rows: 1)
        #expect(run.outputs == [[0x00, 0xff, 0x7f]])
        #expect(run.peakStackBytes == 2188)
        #expect(run.totalInstructions == 50)
        #expect(run.invokeInstructions == [30])
        #expect(run.operatorInstructions == [10, 19])
    }

    @Test func linkMapSizesCountOnlyTheNamedObject() {
        let map = """
            Discarded input sections
             .text.unused   0x00000000       0x40 /tmp/x/EdgeRuntime.o
            Linker script and memory map
             .text.short    0x00000100       0x20 /tmp/x/EdgeRuntime.o
             .text.$e11EdgeRuntime5ModelV4init
                            0x00000120       0x30 /tmp/x/EdgeRuntime.o
             .text.reset    0x00000150       0x10 /tmp/x/startup.o
             .rodata.table  0x00000160        0x8 /tmp/x/EdgeRuntime.o
             .bss.state     0x20000000        0x4 /tmp/x/EdgeRuntime.o
            """
        #expect(SectionSizes(linkMap: map, object: "EdgeRuntime.o") == SectionSizes(text: 0x58, data: 0, bss: 4))
        #expect(SectionSizes(berkeleyOutput: "   text\t   data\t    bss\t    dec\t    hex\tfilename\n  84356\t      0\t  81552\t 165908\t  28814\tfw.elf\n")
            == SectionSizes(text: 84356, data: 0, bss: 81552))
    }
}
