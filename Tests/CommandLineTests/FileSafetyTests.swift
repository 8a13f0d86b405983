import EdgeModel
import Foundation
import Testing
import TestSupport

/// Outputs never overwrite inputs, bad paths are one line (never a Foundation error dump), and a
/// command writes all its outputs or none.
@Suite struct FileSafetyTests {
    /// A folder holding a valid model `m.edm`, a file `t.ckpt`, an int8 input `in.npy` and synthetic MNIST.
    func workspace() throws -> URL {
        let folder = try SyntheticDigits.makeDataDirectory(trainCount: 32, testCount: 16)
        try Data(ModelWriter().write(SampleGraphs.everyOperator())).write(to: folder.appendingPathComponent("m.edm"))
        try Data("not really a checkpoint".utf8).write(to: folder.appendingPathComponent("t.ckpt"))
        try NumPyArray(int8: [1, 2, 3, 4], shape: [1, 4]).write(to: folder.appendingPathComponent("in.npy"))
        return folder
    }

    /// Exit status 2 and exactly one line on stderr holding `text`, with no Foundation dump.
    func expectOneLine(_ arguments: [String], _ text: String, status: Int32 = 2, in folder: URL) throws {
        let result = try CommandRunner.run(arguments, environment: ["EDGE_DISTILL_DATA": folder.path])
        #expect(result.status == status, "\(arguments): \(result.error)")
        #expect(result.error.split(separator: "\n").count == 1, "\(arguments): \(result.error)")
        #expect(result.error.contains(text), "\(arguments): \(result.error)")
        #expect(!result.error.contains("Error Domain") && !result.error.contains("Fatal error"), "\(result.error)")
    }

    @Test("an output that is an input, by name, relative path, symbolic or hard link, is refused and the input kept")
    func outputEqualToInput() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, checkpoint) = (folder.appendingPathComponent("m.edm").path, folder.appendingPathComponent("t.ckpt").path)
        let (modelBytes, checkpointBytes) = (try Data(contentsOf: URL(fileURLWithPath: model)), try Data(contentsOf: URL(fileURLWithPath: checkpoint)))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.edm").path, withDestinationPath: model)
        try FileManager.default.linkItem(atPath: checkpoint, toPath: folder.appendingPathComponent("hard.ckpt").path)
        let relative = folder.appendingPathComponent("mnist/../t.ckpt").path
        for arguments in [
            ["quantize", checkpoint, "-o", checkpoint], ["quantize", checkpoint, "-o", relative],
            ["quantize", checkpoint, "-o", folder.appendingPathComponent("hard.ckpt").path],
            ["prune", checkpoint, "-o", relative, "--method", "magnitude", "--sparsity", "0.5"],
            ["run", model, "--input", folder.appendingPathComponent("in.npy").path, "--output", model],
            ["run", model, "--input", folder.appendingPathComponent("in.npy").path, "--output", folder.appendingPathComponent("in.npy").path],
            ["export", model, "--header", model], ["export", model, "--card", folder.appendingPathComponent("link.edm").path],
            ["export", model, "--checkpoint", checkpoint, "--card", folder.appendingPathComponent("t.md").path, "--header", folder.appendingPathComponent("t.md").path],
            ["evaluate", model, "--save-logits", folder.appendingPathComponent("mnist/t10k-images-idx3-ubyte").path],
            ["train", "--arch", "mlp:784-8-10", "--checkpoint", folder.appendingPathComponent("mnist/train-labels-idx1-ubyte").path],
            ["simulate", model, "--device", "all", "--report", folder.appendingPathComponent("link.edm").path],
            ["firmware", model, "--target", "cortex-m4", "-o", model],
            ["import", model, "-o", folder.appendingPathComponent("link.edm").path],
        ] {
            try expectOneLine(arguments, "is the same file as the", in: folder)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == modelBytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == checkpointBytes)
    }

    @Test("missing, unreadable or misplaced paths give one line naming them")
    func badPathsGiveOneLine() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.edm").path
        let input = folder.appendingPathComponent("in.npy").path
        let file = folder.appendingPathComponent("t.ckpt").path
        let cases: [([String], String)] = [
            (["run", model, "--input", folder.appendingPathComponent("missing.npy").path, "--output", folder.appendingPathComponent("o.npy").path], "missing.npy not found"),
            (["run", model, "--input", folder.path, "--output", folder.appendingPathComponent("o.npy").path], "is a folder, not a file"),
            (["run", model, "--input", input, "--output", folder.appendingPathComponent("nodir/o.npy").path], "nodir does not exist"),
            (["firmware", model, "--target", "cortex-m4", "-o", folder.appendingPathComponent("f.elf").path, "--inputs", folder.appendingPathComponent("missing.npy").path], "missing.npy not found"),
            (["train", "--arch", "mlp:784-8-10", "--checkpoint", file + "/x.ckpt"], "is not a folder"),
            (["evaluate", model, "--save-logits", folder.appendingPathComponent("nodir/l.npy").path], "nodir does not exist"),
            (["export", model, "--recipe", folder.path], "--recipe \(folder.path) is a folder"),
            (["demo", "--data-dir", folder.path, "--output", file], "is a file"),
            (["quantize", file, "-o", folder.path], "is a folder; name a file"),
            (["inspect", folder.appendingPathComponent("missing.edm").path], "not found"),
        ]
        for (arguments, text) in cases { try expectOneLine(arguments, text, in: folder) }
    }

    @Test("export with an unwritable card path writes nothing, not even the header")
    func exportWritesAllOrNothing() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = folder.appendingPathComponent("m.h")
        try expectOneLine(
            ["export", folder.appendingPathComponent("m.edm").path, "--card", folder.appendingPathComponent("nodir/c.md").path], "nodir does not exist",
            in: folder)
        #expect(!FileManager.default.fileExists(atPath: header.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".h") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
