import EdgeModel
import Foundation
import Testing
import TestSupport

/// `edge-distill run` on a CSV stream (a sensor log): one example per line, outputs as CSV.
@Suite struct RunCSVTests {
    @Test func csvRowsRunAsTheSameBatchInNpyDoes() throws {
        let folder = try CommandRunner.temporaryFolder()
        let fixture = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/operator-cases/CONV_2D_0")
        let model = folder.appendingPathComponent("conv.edm")
        let imported = try CommandRunner.run(["import", fixture.appendingPathComponent("model.tflite").path, "-o", model.path])
        #expect(imported.status == 0, "\(imported.error)")
        let loaded = try LoadedModel(contentsOf: model)
        let input = loaded.model.tensor(loaded.model.inputTensorIndex(0))
        let output = loaded.model.tensor(loaded.model.outputTensorIndex(0))
        let batch = try NumPyArray.load(contentsOf: fixture.appendingPathComponent("inputs.npy"))
        let rows = batch.shape[0], perRow = batch.bytes.count / rows
        // Real values that quantize back to the fixture's int8 inputs exactly; a header, CRLF, a label.
        var csv = (0..<perRow).map { "sensor\($0)" }.joined(separator: ",") + "\r\n"
        for row in 0..<rows {
            let values = (0..<perRow).map { Float(Int(Int8(bitPattern: batch.bytes[row * perRow + $0])) - input.zeroPoint) * input.scale }
            csv += values.map { "\($0)" }.joined(separator: ", ") + ",label-\(row % 3)\r\n"
        }
        let csvPath = folder.appendingPathComponent("log.csv")
        try Data(csv.utf8).write(to: csvPath)

        let npyOut = folder.appendingPathComponent("out.npy"), csvOut = folder.appendingPathComponent("out.csv")
        let fromCSV = try CommandRunner.run(["run", model.path, "--input", csvPath.path, "--output", npyOut.path])
        #expect(fromCSV.status == 0, "\(fromCSV.error)")
        let expected = try NumPyArray.load(contentsOf: fixture.appendingPathComponent("outputs_tflm.npy"))
        #expect(try NumPyArray.load(contentsOf: npyOut).bytes == expected.bytes, "bit-exact with TFLM on the same inputs")

        let asCSV = try CommandRunner.run(["run", model.path, "--input", csvPath.path, "--output", csvOut.path])
        #expect(asCSV.status == 0, "\(asCSV.error)")
        let lines = try String(contentsOf: csvOut, encoding: .utf8).split(separator: "\n")
        let outputs = output.elementCount
        #expect(lines.count == rows + 1 && lines[0].hasSuffix(",class"))
        for row in 0..<rows {
            let fields = lines[row + 1].split(separator: ",")
            let quantized = (0..<outputs).map { Int(Int8(bitPattern: expected.bytes[row * outputs + $0])) }
            let reals = quantized.map { Float($0 - output.zeroPoint) * output.scale }
            #expect(fields.count == outputs + 1 && fields.prefix(outputs).map { Float($0)! } == reals)
            let best = quantized.indices.max { quantized[$0] < quantized[$1] || (quantized[$0] == quantized[$1] && $0 > $1) }!
            #expect(Int(fields[outputs]) == best, "row \(row): class is the first largest output")
        }
    }

    @Test func badStreamsFailWithOneLineAndWriteNothing() throws {
        let folder = try CommandRunner.temporaryFolder()
        let fixture = SharedFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/operator-cases/CONV_2D_0")
        let model = folder.appendingPathComponent("conv.edm")
        #expect(try CommandRunner.run(["import", fixture.appendingPathComponent("model.tflite").path, "-o", model.path]).status == 0)
        let output = folder.appendingPathComponent("out.csv")
        let ten = (0..<10).map { "\($0)" }.joined(separator: ",")
        for (text, message) in [
            ("1,2,3\n", "has 3 values per line but the model input"),
            (ten + "\n" + "1,2\n", "line 2 holds 2 values, the lines before it 10"),
            (ten + "\n1,x,3,4,5,6,7,8,9,10\n", "line 2: 'x' is not a number"),
            ("a,b\n\n", "no rows of numbers"),
            (ten.replacingOccurrences(of: "3", with: "nan") + "\n", "'nan' is not a finite number"),
        ] {
            let path = folder.appendingPathComponent("bad.csv")
            try Data(text.utf8).write(to: path)
            let result = try CommandRunner.run(["run", model.path, "--input", path.path, "--output", output.path])
            #expect(result.status != 0 && result.error.contains(message), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }
}
