import EdgeModel
import Foundation
import Testing
import TestSupport

/// `edge-distill run` on a model with two graph inputs: one file per input, comma separated.
@Suite struct RunSeveralInputsTests {
    @Test func twoInputFilesFeedAnAddOfTwoGraphInputs() throws {
        let folder = try CommandRunner.temporaryFolder()
        let fixture = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/operator-cases/ADD_0")
        let model = folder.appendingPathComponent("add.edm")
        let imported = try CommandRunner.run(["import", fixture.appendingPathComponent("model.tflite").path, "-o", model.path])
        #expect(imported.status == 0, "\(imported.error)")
        let output = folder.appendingPathComponent("out.npy")
        let inputs = ["inputs_0.npy", "inputs_1.npy"].map { fixture.appendingPathComponent($0).path }.joined(separator: ",")
        let result = try CommandRunner.run(["run", model.path, "--input", inputs, "--output", output.path])
        #expect(result.status == 0, "\(result.error)")
        let produced = try NumPyArray.load(contentsOf: output)
        let expected = try NumPyArray.load(contentsOf: fixture.appendingPathComponent("outputs_tflm.npy"))
        #expect(produced.bytes == expected.bytes)

        let one = try CommandRunner.run(["run", model.path, "--input", fixture.appendingPathComponent("inputs_0.npy").path, "--output", output.path])
        #expect(one.status != 0 && one.error.contains("one --input file per input (given 1)"))
    }
}
