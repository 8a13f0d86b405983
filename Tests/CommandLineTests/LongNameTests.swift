import Foundation
import Testing
import TestSupport

/// `inspect` and `profile` print every tensor name whole, however long (the VWW model's run past 60
/// characters), in a column as wide as the longest.
@Suite struct LongNameTests {
    @Test("inspect and profile print whole tensor names")
    func namesAreNotCut() throws {
        guard let conformance = SharedFixtures.conformance(neededBy: "namesAreNotCut (VWW model)") else { return }
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("vww.edm").path
        #expect(try CommandRunner.run(["import", conformance.appendingPathComponent("vww_96_int8.tflite").path, "-o", model]).status == 0)

        let json = try CommandRunner.run(["inspect", model, "--json"])
        let summary = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let names = try #require((summary?["tensors"] as? [[String: Any]])?.compactMap { $0["name"] as? String })
        #expect((names.map(\.count).max() ?? 0) > 40, "the model has names longer than the old 40-character column")
        let text = try CommandRunner.run(["inspect", model])
        #expect(text.status == 0)
        let rows = text.output.split(separator: "\n").map(String.init)
        for (index, name) in names.enumerated() {
            #expect(rows.contains { $0.hasPrefix(String(format: "%4d  ", index) + name + " ") }, "tensor \(index) \(name)")
        }

        let profileJSON = try CommandRunner.run(["profile", model, "--iterations", "1", "--json"])
        let profile = try JSONSerialization.jsonObject(with: Data(profileJSON.output.utf8)) as? [String: Any]
        let outputs = try #require((profile?["operators"] as? [[String: Any]])?.compactMap { $0["output"] as? String })
        #expect((outputs.map(\.count).max() ?? 0) > 28, "the model has output names longer than the old 28-character column")
        let table = try CommandRunner.run(["profile", model, "--iterations", "1"])
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n").map(String.init)
        for (index, output) in outputs.enumerated() {
            #expect(lines.contains { $0.hasPrefix(String(format: "%4d  ", index)) && $0.contains("  " + output + " ") }, "operator \(index) \(output)")
        }
        // The header's time column lines up with the rows' times.
        let header = try #require(lines.first { $0.hasPrefix("   #  operator") })
        let row = try #require(lines.first { $0.hasPrefix("   0  ") })
        let timeEnd = try #require(header.range(of: "time")?.upperBound).utf16Offset(in: header)
        let usStart = try #require(row.range(of: " us ")?.lowerBound).utf16Offset(in: row)
        #expect(timeEnd == usStart, "\(header)\n\(row)")
    }
}
