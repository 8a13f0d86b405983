import EdgeModel
import Foundation
import Testing
import TestSupport

/// `edge-distill export MODEL.edm --tflite OUT.tflite`, and its refusals.
@Suite struct ExportTFLiteCommandTests {
    @Test("the export imports back to a model whose outputs are the original's")
    func exportsAndImportsBack() throws {
        let folder = try CommandRunner.temporaryFolder()
        let model = SharedFixtures.repositoryRoot.appendingPathComponent("models/robot-wall-student/robot-wall-student.edm")
        let tflite = folder.appendingPathComponent("student.tflite")
        let exported = try CommandRunner.run(["export", model.path, "--tflite", tflite.path])
        #expect(exported.status == 0 && exported.output.contains("5 operators"), "\(exported.error)")
        let back = folder.appendingPathComponent("back.edm")
        #expect(try CommandRunner.run(["import", tflite.path, "-o", back.path]).status == 0)
        // The same rows through both models: identical outputs.
        let rows = NumPyArray(int8: (0..<(16 * 24)).map { Int8(truncatingIfNeeded: $0 &* 37) }, shape: [16, 24, 1, 1])
        let input = folder.appendingPathComponent("in.npy")
        try rows.write(to: input)
        let (first, second) = (folder.appendingPathComponent("a.npy"), folder.appendingPathComponent("b.npy"))
        #expect(try CommandRunner.run(["run", model.path, "--input", input.path, "--output", first.path]).status == 0)
        #expect(try CommandRunner.run(["run", back.path, "--input", input.path, "--output", second.path]).status == 0)
        #expect(try NumPyArray.load(contentsOf: first).bytes == NumPyArray.load(contentsOf: second).bytes)
    }

    @Test("bad requests: one line, exit status, nothing written")
    func refusals() throws {
        let folder = try CommandRunner.temporaryFolder()
        let model = SharedFixtures.repositoryRoot.appendingPathComponent("models/robot-wall-student/robot-wall-student.edm")
        let copy = folder.appendingPathComponent("m.edm")
        try FileManager.default.copyItem(at: model, to: copy)
        let notAModel = folder.appendingPathComponent("junk.edm")
        try Data("not a model".utf8).write(to: notAModel)
        let out = folder.appendingPathComponent("o.tflite")
        for (arguments, status, message) in [
            (["export", copy.path, "--tflite", copy.path], Int32(2), "m.edm"),
            (["export", copy.path, "--tflite", out.path, "--header", folder.appendingPathComponent("m.h").path], 2, "--header belong to the header and card export"),
            (["export", notAModel.path, "--tflite", out.path], 1, "junk.edm"),
            (["export", copy.path, "--tflite", folder.appendingPathComponent("no/such/o.tflite").path], 2, "does not exist"),
        ] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == status && result.error.contains(message), "\(arguments): \(result.status) \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try Data(contentsOf: copy) == Data(contentsOf: model), "the input is never overwritten")
    }
}
