import EdgeModel
import Foundation
import Testing
import TestSupport
@testable import Distiller

@Suite("Export: C header and model card")
struct ExportTests {
    @Test("the C header compiles with the system cc, is 16-byte aligned and holds the model's bytes")
    func headerCompiles() throws {
        let bytes = try ModelWriter().write(SampleGraphs.everyOperator())
        let header = CHeader(name: "tiny-model.v2", modelBytes: bytes, arenaBytes: 1234, inputScale: 0.05, inputZeroPoint: -3)
        #expect(header.identifier == "tiny_model_v2")
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try header.text.write(to: folder.appendingPathComponent("model.h"), atomically: true, encoding: .utf8)
        let check = """
            #include <stdint.h>
            #include "model.h"
            int main(void) {
                if (sizeof(tiny_model_v2_model) != TINY_MODEL_V2_MODEL_LENGTH || TINY_MODEL_V2_MODEL_LENGTH != \(bytes.count)) return 1;
                if ((uintptr_t)tiny_model_v2_model % 16 != 0) return 2;
                if (tiny_model_v2_model[0] != \(bytes[0]) || tiny_model_v2_model[\(bytes.count - 1)] != \(bytes[bytes.count - 1])) return 3;
                if (TINY_MODEL_V2_ARENA_BYTES != 1234 || TINY_MODEL_V2_INPUT_ZERO_POINT != -3) return 4;
                if (TINY_MODEL_V2_INPUT_SCALE < 0.0499f || TINY_MODEL_V2_INPUT_SCALE > 0.0501f) return 5;
                return 0;
            }
            """
        try check.write(to: folder.appendingPathComponent("check.c"), atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-o", folder.appendingPathComponent("check").path,
                              folder.appendingPathComponent("check.c").path]
        try compiler.run()
        compiler.waitUntilExit()
        #expect(compiler.terminationStatus == 0, "cc failed on the header")
        let checker = Process()
        checker.executableURL = folder.appendingPathComponent("check")
        try checker.run()
        checker.waitUntilExit()
        #expect(checker.terminationStatus == 0, "check exited with \(checker.terminationStatus)")
    }

    @Test("the model card's Markdown shows every measured number and the JSON round-trips")
    func modelCard() throws {
        let logits = Tensor(shape: [4, 2], scalars: [1, 0, 0, 1, 1, 0, 1, 0])
        let result = ClassificationResult(outputs: logits, labels: [0, 1, 1, 0], classCount: 2)
        #expect(result.errors == 1 && result.perClassErrors == [0, 1] && result.perClassExamples == [2, 2])
        let card = ModelCard(
            name: "student", modelFile: "student.edm", dataset: "mnist", parameters: 79_510, multiplyAccumulates: 79_400,
            weightBytes: 80_000, arenaBytes: 896, modelBytes: 80_724, int8: result,
            float: .init(checkpoint: "s.ckpt", architecture: "mlp:784-100-10", parameters: 79_510, test: result),
            teacher: .init(checkpoint: "t.ckpt", architecture: "mlp:784-1200-1200-10", parameters: 2_395_210, test: result),
            recipe: "edge-distill quantize s.ckpt -o student.edm\n")
        let markdown = card.markdown
        for part in ["79510", "79400", "80000", "896", "75.00 %", "0: 0, 1: 1", "mlp:784-1200-1200-10", "0.033×", "edge-distill quantize s.ckpt"] {
            #expect(markdown.contains(part), "\(part) missing from the card")
        }
        let decoded = try JSONDecoder().decode(ModelCard.self, from: JSONEncoder().encode(card))
        #expect(decoded == card)
    }
}
