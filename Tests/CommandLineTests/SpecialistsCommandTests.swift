import Foundation
import Testing
import TestSupport

/// `edge-distill specialists` on the synthetic digits: groups, a table, JSON, and bad flags.
@Suite struct SpecialistsCommandTests {
    @Test func trainsSpecialistsAndReportsBoth() throws {
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 200, testCount: 40)
        let checkpoint = data.appendingPathComponent("g.ckpt").path
        let trained = try CommandRunner.run(["train", "--arch", "mlp:784-16-10", "--epochs", "2", "--data-dir", data.path, "--checkpoint", checkpoint])
        #expect(trained.status == 0, "\(trained.error)")
        let result = try CommandRunner.run(["specialists", checkpoint, "--data-dir", data.path, "--clusters", "2", "--max-size", "2", "--epochs", "1", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let groups = try #require(json["groups"] as? [[Int]])
        #expect(groups.count == 2 && groups.allSatisfy { $0.count == 2 })
        let evaluation = try #require(json["evaluation"] as? [String: Any])
        #expect(evaluation["examples"] as? Int == 40 && (evaluation["groups"] as? [Any])?.count == 2)
        for (arguments, message) in [
            (["specialists", checkpoint, "--data-dir", data.path, "--max-size", "10"], "--max-size 10 leaves no class for the dustbin"),
            (["specialists", checkpoint, "--data-dir", data.path, "--clusters", "0"], "--clusters"),
            (["specialists", data.appendingPathComponent("none.ckpt").path, "--data-dir", data.path], "none.ckpt"),
            (["specialists", checkpoint, "--data", "robots"], "unknown dataset 'robots'"),
        ] {
            let failed = try CommandRunner.run(arguments)
            #expect(failed.status != 0 && failed.error.contains(message) && failed.error.split(separator: "\n").count == 1, "\(arguments): \(failed.error)")
        }
    }
}
