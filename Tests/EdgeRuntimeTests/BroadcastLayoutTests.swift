import Testing
import TestSupport

@testable import EdgeRuntime

@Suite struct BroadcastLayoutTests {
    /// The element of each input that every output element reads, as the layout walks it.
    func walk(_ words: [Int32]) -> (first: [Int], second: [Int]) {
        var first: [Int] = []
        var second: [Int] = []
        words.withUnsafeBufferPointer { buffer in
            BroadcastLayout.forEachRow(buffer.baseAddress!) { output, a, b, count, stepA, stepB in
                #expect(output == first.count)
                #expect((0...1).contains(stepA) && (0...1).contains(stepB))
                for i in 0..<count {
                    first.append(a + i * stepA)
                    second.append(b + i * stepB)
                }
            }
        }
        return (first, second)
    }

    @Test(arguments: 0..<8) func randomShapePairsMatchTheNaiveIndexComputation(seed: UInt64) throws {
        var random = SampleGraphs.Generator(seed: 100 + seed)
        for _ in 0..<250 {
            let c = BroadcastCase.random(&random, broadcast: random.integer(in: 0...3) != 0)
            let words = try #require(BroadcastLayout.words(output: c.output, first: c.first, second: c.second), "\(c)")
            #expect(words.count == BroadcastLayout.wordCount)
            let (first, second) = walk(words)
            #expect(first == (0..<c.outputCount).map { c.naiveIndex(c.first, outputElement: $0) }, "\(c)")
            #expect(second == (0..<c.outputCount).map { c.naiveIndex(c.second, outputElement: $0) }, "\(c)")
            #expect(words[0..<6].allSatisfy { $0 >= 1 } && words[6...].allSatisfy { $0 >= 0 })
        }
    }

    @Test func equalShapesAreOneContiguousRun() throws {
        for shape in [[7], [2, 3, 4], [1, 5, 1, 2, 3, 2], [3, 1]] {
            let words = try #require(BroadcastLayout.words(output: shape, first: shape, second: shape))
            #expect(BroadcastLayout.isSingleRun(words))
            #expect(words[5] == Int32(shape.reduce(1, *)))
        }
        // A leading axis of one on one side only still is one run.
        #expect(BroadcastLayout.isSingleRun(try #require(BroadcastLayout.words(output: [1, 4], first: [4], second: [1, 4]))))
        #expect(!BroadcastLayout.isSingleRun(try #require(BroadcastLayout.words(output: [2, 4], first: [4], second: [2, 4]))))
    }

    @Test func adjacentAxesThatBroadcastAlikeMerge() throws {
        // [2,3,4,5] with [2,3,1,1]: two runs, the inner twenty elements against one of the second input.
        let words = try #require(BroadcastLayout.words(output: [2, 3, 4, 5], first: [2, 3, 4, 5], second: [2, 3, 1, 1]))
        #expect(Array(words[0..<6]) == [1, 1, 1, 1, 6, 20])
        #expect(Array(words[6..<12]) == [0, 0, 0, 0, 20, 1])
        #expect(Array(words[12..<18]) == [0, 0, 0, 0, 1, 0])
        // Scalars and rank 0.
        let scalar = try #require(BroadcastLayout.words(output: [], first: [], second: []))
        #expect(Array(scalar[0..<6]) == [1, 1, 1, 1, 1, 1] && scalar[6...].allSatisfy { $0 == 0 })
        #expect(walk(scalar).first == [0])
    }

    @Test func alternatingBroadcastNeedsAtMostSixDimensions() {
        // Seven alternating axes cannot be merged into six loops.
        let output = [2, 2, 2, 2, 2, 2, 2]
        let first = [2, 1, 2, 1, 2, 1, 2]
        let second = [1, 2, 1, 2, 1, 2, 1]
        #expect(BroadcastLayout.words(output: output, first: first, second: second) == nil)
        #expect(BroadcastLayout.words(output: Array(output.prefix(6)), first: Array(first.prefix(6)), second: Array(second.prefix(6))) != nil)
    }

    @Test func shapesThatDoNotBroadcastAreRefused() {
        #expect(BroadcastLayout.words(output: [2, 3], first: [2, 3], second: [3, 2]) == nil)
        #expect(BroadcastLayout.words(output: [2, 3], first: [2, 3, 1], second: [3]) == nil)
        // An output wider than both inputs along an axis.
        #expect(BroadcastLayout.words(output: [3, 4], first: [1, 4], second: [1, 4]) == nil)
        #expect(BroadcastLayout.words(output: [3], first: [1], second: []) == nil)
        #expect(BroadcastLayout.words(output: [0, 2], first: [0, 2], second: [2]) == nil)
    }
}
