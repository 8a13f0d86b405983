import EdgeModel
import Foundation
import Testing
import TestSupport

/// The students shipped in `models/`: every `.edm` loads (full validation) and agrees with its model card.
@Suite("shipped students in models/")
struct ShippedModelTests {
    static let names = ["mnist-mlp-student", "mnist-dscnn-student"]

    @Test("each shipped model loads and its card's sizes match the file", arguments: names)
    func modelMatchesItsCard(name: String) throws {
        let folder = SharedFixtures.repositoryRoot.appendingPathComponent("models/\(name)")
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(name).edm")))
        let model = try LoadedModel(bytes: bytes)
        let summary = ModelSummary(model)
        let card = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(name).json"))) as? [String: Any])
        #expect(card["modelBytes"] as? Int == bytes.count)
        #expect(card["arenaBytes"] as? Int == model.model.arenaBytes)
        #expect(card["multiplyAccumulates"] as? Int == summary.macs)
        #expect(card["weightBytes"] as? Int == summary.weightBytes)
        let int8 = try #require(card["int8"] as? [String: Any])
        #expect(int8["examples"] as? Int == 10_000, "the card's int8 accuracy covers the whole test set")
        #expect((int8["perClassErrors"] as? [Int])?.reduce(0, +) == int8["errors"] as? Int)
        let markdown = try String(contentsOf: folder.appendingPathComponent("\(name).md"), encoding: .utf8)
        #expect(markdown.contains("**\(int8["errors"] as? Int ?? -1)**"), "the Markdown card shows the same int8 errors")
        let json = try String(contentsOf: folder.appendingPathComponent("\(name).json"), encoding: .utf8)
        for text in [markdown, json] {
            #expect(!text.contains("\\/work\\/") && !text.contains("/work/") && !text.contains("/home/"), "no machine-local paths in the card")
        }
    }
}
