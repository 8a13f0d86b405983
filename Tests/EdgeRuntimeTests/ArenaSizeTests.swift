import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// The header's arena size must be the one the plan implies (largest offset + size over the arena
/// tensors and scratch buffers, rounded up to 16 bytes); any other value is rejected before a host
/// allocates it or a simulator reports it.
@Suite struct ArenaSizeTests {
    /// The extent the validator requires, computed here from the records.
    func plannedArena(_ model: Model) -> Int {
        var end = 0
        for index in 0..<model.tensorCount where model.tensor(index).storage == .arena {
            end = max(end, model.tensor(index).dataOffset + model.tensor(index).byteCount)
        }
        for index in 0..<model.operatorCount {
            let op = model.operatorRecord(index)
            if op.scratchBytes > 0 { end = max(end, op.scratchOffset + op.scratchBytes) }
        }
        return (end + 15) / 16 * 16
    }

    @Test(arguments: [Int(Int32.max), 1 << 20])
    func aLargerArenaIsRejected(declared: Int) throws {
        var fixture = try ModelFileFixture()
        let planned = Int(fixture.word(at: ModelFormat.Header.arenaBytes))
        fixture.setWord(UInt32(declared), at: ModelFormat.Header.arenaBytes)
        #expect(fixture.validationError() == .arenaSizeMismatch(region: 0, declared: declared, planned: planned))
    }

    @Test func aSmallerArenaIsRejected() throws {
        var fixture = try ModelFileFixture()
        let planned = Int(fixture.word(at: ModelFormat.Header.arenaBytes))
        fixture.setWord(UInt32(planned + 16), at: ModelFormat.Header.arenaBytes)
        #expect(fixture.validationError() == .arenaSizeMismatch(region: 0, declared: planned + 16, planned: planned))
        fixture.setWord(UInt32(planned - 16), at: ModelFormat.Header.arenaBytes)
        #expect(fixture.validationError() != nil)
    }

    @Test func theWriterWritesThePlannedSize() throws {
        for graph in [SampleGraphs.everyOperator()] {
            let loaded = try LoadedModel(bytes: try ModelWriter().write(graph))
            #expect(loaded.model.arenaBytes == plannedArena(loaded.model))
            #expect(loaded.model.arenaBytes == ModelWriter().arenaPlan(for: graph).plan.arenaBytes)
        }
    }

    /// Models written by earlier versions of the writer (the students as first shipped: dense
    /// multipliers from a float product of the scales, no packed-kernel scratch) still load.
    @Test(arguments: ["Tests/Fixtures/earlier-writer/mnist-mlp-student.edm", "Tests/Fixtures/earlier-writer/mnist-dscnn-student.edm"])
    func shippedModelsStillLoad(path: String) throws {
        let loaded = try LoadedModel(contentsOf: SharedFixtures.repositoryRoot.appendingPathComponent(path))
        #expect(loaded.model.arenaBytes == plannedArena(loaded.model))
    }
}
