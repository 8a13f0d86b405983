import EdgeModel
import Foundation
import Testing
import TestSupport

/// `firmware` and `simulate --emulate` errors through the binary: one line naming the problem, non-zero exit.
@Suite struct FirmwareCommandTests {
    var devicesFolder: String { SharedFixtures.repositoryRoot.appendingPathComponent("firmware-sim/devices").path }

    /// A valid model written from the sample graph.
    func sampleModel(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("small.edm")
        try Data(ModelWriter().write(SampleGraphs.everyOperator())).write(to: path)
        return path.path
    }

    @Test func unknownTargetNamesTheKnownOnes() throws {
        let folder = try CommandRunner.temporaryFolder()
        let result = try CommandRunner.run(["firmware", try sampleModel(in: folder), "--target", "cortex-m0", "-o", folder.appendingPathComponent("x.elf").path])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown target 'cortex-m0'") && result.error.contains("cortex-m4, cortex-m7"))
    }

    @Test func malformedModelIsRejectedBeforeBuilding() throws {
        let folder = try CommandRunner.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.edm")
        try Data(repeating: 7, count: 100).write(to: bad)
        let output = folder.appendingPathComponent("x.elf")
        let result = try CommandRunner.run(["firmware", bad.path, "--target", "cortex-m4", "-o", output.path])
        #expect(result.status == 1)
        #expect(result.error.contains("bad magic") && result.error.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func missingToolIsNamedWithItsPackage() throws {
        let folder = try CommandRunner.temporaryFolder()
        let result = try CommandRunner.run(
            ["firmware", try sampleModel(in: folder), "--target", "cortex-m4", "-o", folder.appendingPathComponent("x.elf").path],
            environment: ["PATH": folder.path])
        #expect(result.status == 1)
        #expect(result.error.contains("not found on PATH (apt-get install"))
    }

    @Test func emulateRunsKWSOnTheCortexM7BoardBitExact() throws {
        let test = "simulate --emulate on KWS"
        let tools = ["swiftc", "arm-none-eabi-gcc", "arm-none-eabi-size", "arm-none-eabi-nm", "qemu-system-arm"]
        if let missing = tools.first(where: { tool in
            !(ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
        }) {
            print("SKIP \(test): \(missing) is not installed (apt-get install qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi)")
            return
        }
        guard let conformance = SharedFixtures.conformance(neededBy: test) else { return }
        let folder = try CommandRunner.temporaryFolder()
        let model = folder.appendingPathComponent("kws.edm").path
        #expect(try CommandRunner.run(["import", conformance.appendingPathComponent("kws_ref_model.tflite").path, "-o", model]).status == 0)
        let result = try CommandRunner.run(["simulate", model, "--device", "robot-mcu-m7", "--emulate", "--devices", devicesFolder])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("emulated as cortex-m7 on QEMU mps2-an500"))
        #expect(result.output.contains("bit-exact with the host runtime"))
        #expect(result.output.contains("DEPTHWISE_CONV_2D") && result.output.contains("invoke()") && result.output.contains("peak stack"))
    }

    @Test func emulateRunsKWSOnTheCortexA72VirtBoardBitExact() throws {
        let test = "simulate --emulate on KWS for a Cortex-A72 device"
        guard let swiftc = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map({ URL(fileURLWithPath: "\($0)/swiftc") }).first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            print("SKIP \(test): swiftc is not on PATH")
            return
        }
        let toolchain = swiftc.resolvingSymlinksInPath().deletingLastPathComponent()
        let qemu = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/qemu-system-aarch64") }
        if !qemu || !FileManager.default.isExecutableFile(atPath: toolchain.appendingPathComponent("ld.lld").path) {
            print("SKIP \(test): qemu-system-aarch64 (apt-get install qemu-system-arm) or the toolchain's ld.lld is missing")
            return
        }
        guard let conformance = SharedFixtures.conformance(neededBy: test) else { return }
        let folder = try CommandRunner.temporaryFolder()
        let model = folder.appendingPathComponent("kws.edm").path
        #expect(try CommandRunner.run(["import", conformance.appendingPathComponent("kws_ref_model.tflite").path, "-o", model]).status == 0)
        let result = try CommandRunner.run(["simulate", model, "--device", "robot-sbc-a72", "--emulate", "--devices", devicesFolder])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("emulated as cortex-a72 on QEMU virt"))
        #expect(result.output.contains("bit-exact with the host runtime"))
        #expect(result.output.contains("DEPTHWISE_CONV_2D") && result.output.contains("invoke()") && result.output.contains("peak stack"))
        #expect(result.output.contains("kernels AArch64 NEON, workspace"))
    }

    /// `--kernels` names a family the target's images can hold; it goes with `--emulate` in `simulate`.
    @Test func kernelFamiliesAreCheckedPerTarget() throws {
        let folder = try CommandRunner.temporaryFolder()
        let model = try sampleModel(in: folder)
        let output = folder.appendingPathComponent("x.elf")
        let m4 = try CommandRunner.run(["firmware", model, "--target", "cortex-m4", "--kernels", "neon", "-o", output.path])
        #expect(m4.status == 2 && m4.error.contains("--kernels for cortex-m4 must be portable, not 'neon'"))
        let a53 = try CommandRunner.run(["firmware", model, "--target", "cortex-a53", "--kernels", "neon-dot", "-o", output.path])
        #expect(a53.status == 2 && a53.error.contains("must be portable or neon, not 'neon-dot'"))
        let a76 = try CommandRunner.run(["firmware", model, "--target", "cortex-a76", "--kernels", "avx2", "-o", output.path])
        #expect(a76.status == 2 && a76.error.contains("must be portable or neon or neon-dot"))
        let analytical = try CommandRunner.run(["simulate", model, "--device", "robot-sbc-a72", "--kernels", "neon", "--devices", devicesFolder])
        #expect(analytical.status == 2 && analytical.error.contains("--kernels goes with --emulate"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// A processor without a firmware build (here a RISC-V core) is refused with the cores that have one;
    /// such a profile's default stack is its first comparison stack.
    @Test func emulateRefusesCoresWithoutAnEmulatedTarget() throws {
        let folder = try CommandRunner.temporaryFolder()
        let devices = folder.appendingPathComponent("devices")
        try FileManager.default.createDirectory(at: devices, withIntermediateDirectories: true)
        let profile = try String(contentsOfFile: devicesFolder + "/ra6m4-m33.json", encoding: .utf8)
            .replacingOccurrences(of: "\"Cortex-M33\"", with: "\"RISC-V RV32IMC\"")
        try profile.write(to: devices.appendingPathComponent("ra6m4-m33.json"), atomically: true, encoding: .utf8)
        let model = try sampleModel(in: folder)
        let result = try CommandRunner.run(["simulate", model, "--device", "ra6m4-m33", "--emulate", "--devices", devices.path])
        #expect(result.status == 2)
        #expect(result.error.contains("Cortex-M4/M7/M33 and Cortex-A35/A53/A55/A72/A76") && result.error.contains("RISC-V"), "\(result.error)")
        let analytical = try CommandRunner.run(["simulate", model, "--device", "ra6m4-m33", "--devices", devices.path])
        #expect(analytical.status == 0 && analytical.output.contains("TFLM + CMSIS-NN"), "\(analytical.output)")
    }

    /// A model with two inputs builds with pseudo-random rows of both; an `.npy` of rows names one input.
    @Test func inputsFileNeedsAModelWithOneInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        let model = folder.appendingPathComponent("add.edm")
        try Data(ModelWriter().write(LayerSamples.graph(of: .add, seed: 1)!)).write(to: model)
        let rows = folder.appendingPathComponent("rows.npy")
        try Data([0]).write(to: rows)
        let output = folder.appendingPathComponent("x.elf")
        let result = try CommandRunner.run(["firmware", model.path, "--target", "cortex-a53", "--inputs", rows.path, "-o", output.path])
        #expect(result.status == 2 && result.error.contains("this model has 2 inputs"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
