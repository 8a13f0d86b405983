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
        try checkKeywordSpotting(conformance, on: .cortexM4, stackLimit: 64 * 1024)
    }

    /// KWS as firmware for `target` reproduces TFLM's 16 golden rows (EmulatedInference also checks
    /// every row against the host runtime); every invoke and operator was counted, the instruction
    /// classes are subsets of the total, and image, arena and stack are plausible.
    func checkKeywordSpotting(_ conformance: URL, on target: FirmwareTarget, stackLimit: Int) throws {
        let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("kws_ref_model.tflite")))
        let loaded = try LoadedModel(bytes: ModelWriter().write(TFLiteImporter.importGraph(from: tflite, name: "kws_ref_model")))
        let golden = conformance.appendingPathComponent("golden/kws_ref_model")
        let inputs = try NumPyArray.load(contentsOf: golden.appendingPathComponent("inputs.npy"))
        let expected = try NumPyArray.load(contentsOf: golden.appendingPathComponent("outputs_tflm.npy"))

        let inference = try EmulatedInference(model: loaded, inputs: inputs.bytes, target: target, sources: FirmwareSources.locate())

        let rows = inputs.shape[0]
        let width = expected.bytes.count / rows
        #expect(inference.run.outputs.count == rows)
        for row in 0..<min(rows, inference.run.outputs.count) {
            #expect(inference.run.outputs[row] == Array(expected.bytes[(row * width)..<((row + 1) * width)]), "row \(row)")
        }
        // Every invoke and every operator was counted; operators account for all but the loop overhead.
        #expect(inference.run.invokes.count == rows)
        #expect(inference.run.operators.count == rows * loaded.model.operatorCount)
        let perOperator = inference.perOperator.map(\.instructions).reduce(0, +)
        #expect(perOperator <= inference.inference.instructions)
        #expect(perOperator > inference.inference.instructions * 99 / 100)
        #expect(inference.run.total.instructions > inference.run.invokes.map(\.instructions).reduce(0, +))
        // The classes are subsets of all instructions, and an int8 convolution network loads and multiplies.
        let mix = inference.inference
        #expect(mix.loads + mix.stores + mix.branches + mix.multiplies < mix.instructions)
        #expect(mix.loads > 0 && mix.stores > 0 && mix.branches > 0 && mix.multiplies > 0)
        // The image holds the model and the arena; the stack was used but not exhausted.
        #expect(inference.image.image.text > loaded.model.bytes.count)
        #expect(inference.image.image.bss >= loaded.model.arenaBytes)
        #expect(inference.image.runtime.text > 0 && inference.image.runtime.text < inference.image.image.text)
        #expect(inference.run.peakStackBytes > 0 && inference.run.peakStackBytes < stackLimit)
    }

    /// A model whose plan spills from a small fast region to a large slow one runs as firmware with
    /// two arenas (two sections of the image), bit-exact with the host running the same file, and
    /// with the single-arena file it was placed from.
    @Test func twoArenaFirmwareOnCortexM4MatchesTheHost() throws {
        guard Self.toolsPresent(neededBy: "two-arena firmware under QEMU") else { return }
        let single = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let regions = [
            MemoryRegion(name: "tcm", byteCount: single.model.arenaBytes / 2 / 16 * 16, cyclesPerByte: 0),
            MemoryRegion(name: "psram", byteCount: 1 << 20, cyclesPerByte: 3),
        ]
        let placed = try LoadedModel(bytes: ModelWriter().placing(single, in: regions).bytes)
        #expect(placed.model.arenaBytes(region: 0) > 0 && placed.model.arenaBytes(region: 1) > 0)
        var random = LayerSamples.Generator(seed: 9)
        let rowBytes = (0..<placed.model.inputCount).reduce(0) { $0 + placed.model.tensor(placed.model.inputTensorIndex($1)).byteCount }
        let inputs = random.bytes(3 * rowBytes)
        let inference = try EmulatedInference(model: placed, inputs: inputs, target: .cortexM4, sources: FirmwareSources.locate())
        #expect(inference.run.outputs == (try EmulatedInference.hostOutputs(model: single, inputs: inputs, rows: 3)))
        #expect(inference.image.arenaBytes == placed.model.arenaBytes(region: 0) + placed.model.arenaBytes(region: 1))
        #expect(inference.image.image.bss >= inference.image.arenaBytes)
    }

    /// The Cortex-A tools (QEMU's aarch64 system emulator, the Swift toolchain's clang, ld.lld and
    /// llvm-nm), or false after printing which one is missing.
    static func aarch64ToolsPresent(neededBy test: String) -> Bool {
        guard let swiftc = ExternalTool.find("swiftc") else {
            print("SKIP \(test): swiftc is not on PATH")
            return false
        }
        let toolchain = swiftc.resolvingSymlinksInPath().deletingLastPathComponent()
        if let missing = ["clang", "ld.lld", "llvm-nm"].first(where: { !FileManager.default.isExecutableFile(atPath: toolchain.appendingPathComponent($0).path) }) {
            print("SKIP \(test): the Swift toolchain at \(toolchain.path) has no \(missing)")
            return false
        }
        if ExternalTool.find("qemu-system-aarch64") == nil {
            print("SKIP \(test): qemu-system-aarch64 is not installed (apt-get install qemu-system-arm)")
            return false
        }
        return true
    }

    /// The runtime built for AArch64 (Embedded Swift, aarch64-none-none-elf, the portable kernels)
    /// and run bare-metal on QEMU's virt board as a Cortex-A53 reproduces TFLM's outputs bit for bit.
    @Test func kwsFirmwareOnCortexA53MatchesTFLM() throws {
        let test = "KWS AArch64 firmware under QEMU"
        guard Self.aarch64ToolsPresent(neededBy: test), let conformance = SharedFixtures.conformance(neededBy: test) else { return }
        try checkKeywordSpotting(conformance, on: .cortexA53, stackLimit: 256 * 1024)
    }

    @Test func cortexATargetsRunOnTheVirtBoard() {
        #expect(FirmwareTarget(processor: "Cortex-A72") == .cortexA72)
        #expect(FirmwareTarget(processor: "Cortex-A76") == .cortexA76)
        #expect(FirmwareTarget(processor: "Cortex-A55") == .cortexA53)
        #expect(FirmwareTarget(processor: "Cortex-A35") == .cortexA35)
        #expect(FirmwareTarget.cortexA53.qemuBoardArguments == ["-M", "virt", "-cpu", "cortex-a53", "-m", "256M"])
        #expect(FirmwareTarget.cortexA53.qemuSystem == "qemu-system-aarch64")
        // QEMU 7.2 has no Cortex-A710: its image runs on `max`, and compiles for the A710 itself.
        #expect(FirmwareTarget(processor: "Cortex-A710") == .cortexA710 && FirmwareTarget(processor: "Cortex-X2") == .cortexA710)
        #expect(FirmwareTarget.cortexA710.qemuBoardArguments == ["-M", "virt", "-cpu", "max", "-m", "256M"])
        #expect(FirmwareTarget.cortexA710.cpu == "cortex-a710" && FirmwareTarget.cortexA710.kernels == .arm64MatrixMultiply)
        #expect(FirmwareTarget.cortexM4.qemuBoardArguments == ["-M", "mps2-an386"])
        #expect(FirmwareTarget.cortexM4.pluginInstructionSet == "thumb" && FirmwareTarget.cortexA76.pluginInstructionSet == "a64")
    }

    @Test func lldMapAndLayoutSymbolSizes() {
        let map = """
                         VMA              LMA     Size Align Out     In      Symbol
                    40000000         40000000     1000    16 .text
                    40000000         40000000       40     4         /tmp/x/startup.o:(.text.edge_reset)
                    40000040         40000040      120     4         /tmp/x/EdgeRuntime.o:(.text.$e11EdgeRuntime5ModelV4init)
                    40000040         40000040        0     1                 $e11EdgeRuntime5ModelV4init
                    40000160         40000160       18     8         /tmp/x/EdgeRuntime.o:(.rodata.table)
                    40000180         40000180        8     8         /tmp/x/EdgeRuntime.o:(.data.state)
                    40001000         40001000       10    16         /tmp/x/EdgeRuntime.o:(.bss.counter)
                    40001010         40001010       10    16         /tmp/x/NotEdgeRuntime.o:(.bss.other)
            """
        #expect(SectionSizes(lldMap: map, object: "EdgeRuntime.o") == SectionSizes(text: 0x138, data: 8, bss: 0x10))
        let symbols = """
            0000000040000000 T edge_image_start
            0000000040013a00 R edge_text_end
            0000000040013a10 D edge_data_end
            0000000040015000 B edge_bss_start
            0000000040065000 B edge_stack_top
            """
        #expect(SectionSizes(layoutSymbols: symbols) == SectionSizes(text: 0x13a00, data: 0x10, bss: 0x50000))
        #expect(SectionSizes(layoutSymbols: "0000000040000000 T edge_image_start\n") == nil)
    }

    @Test func consoleParsingRejectsFirmwareErrors() {
        #expect(throws: FirmwareError.self) {
            try EmulatorRun(console: "EDGE ERROR 1\nEDGE STACK 100\n", pluginReport: "total 5 1 1 1 1\ninvoke 3 1 1 1 0\n", rows: 1)
        }
        #expect(throws: FirmwareError.self) {
            try EmulatorRun(console: "EDGE STACK 100\n", pluginReport: "total 5 1 1 1 1\ninvoke 3 1 1 1 0\n", rows: 1)
        }
    }

    @Test func consoleParsingReadsOutputsStackAndCounts() throws {
        let run = try EmulatorRun(
            console: "EDGE OUTPUT 0 00ff7f\nEDGE STACK 2188\n",
            pluginReport: "total 50 9 8 7 6\ninvoke 30 5 4 3 2\noperator 10 1 1 1 1\noperator 19 2 2 2 0\n", rows: 1)
        #expect(run.outputs == [[0x00, 0xff, 0x7f]])
        #expect(run.peakStackBytes == 2188)
        #expect(run.total == InstructionMix(instructions: 50, loads: 9, stores: 8, branches: 7, multiplies: 6))
        #expect(run.invokes.map(\.instructions) == [30])
        #expect(run.operators.map(\.instructions) == [10, 19])
    }

    @Test func cycleModelsFollowTheDocumentedFormulas() {
        let mix = InstructionMix(instructions: 100, loads: 30, stores: 10, branches: 20, multiplies: 15)
        #expect(CycleModel(target: .cortexM4).cycles(mix) == 170)
        #expect(CycleModel(target: .cortexM7).cycles(mix) == 60)
        let loadBound = InstructionMix(instructions: 100, loads: 60, stores: 10)
        #expect(CycleModel(target: .cortexM7).cycles(loadBound) == 70)
        #expect(CycleModel(target: .cortexA53).cycles(mix) == 60)
        #expect(CycleModel(target: .cortexA35).cycles(mix) == 110)
        #expect(CycleModel(target: .cortexA72).cycles(mix) == 100.0 / 3 + 5)
        #expect(CycleModel(target: .cortexA76).cycles(loadBound) == 35)
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
