import Foundation
import Testing
@testable import Distiller

@Suite("Low rank: Jacobi SVD, truncation error, factored dense layers, architecture and checkpoint round trip")
struct LowRankTests {
    func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> [Double] {
        var generator = SeededRandomNumberGenerator(seed: seed)
        return (0..<(rows * columns)).map { _ in Double(generator.nextStandardNormal()) }
    }

    /// `U_r · diag(σ_r) · V_rᵀ`, row-major.
    func reconstruction(_ svd: SingularValueDecomposition, rank: Int) -> [Double] {
        let (m, n, k) = (svd.rowCount, svd.columnCount, svd.singularValues.count)
        var result = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                for r in 0..<rank { result[i * n + j] += svd.leftVectors[i * k + r] * svd.singularValues[r] * svd.rightVectors[j * k + r] }
            }
        }
        return result
    }

    @Test("SVD of random matrices: orthonormal vectors, sorted values, truncation error equals the discarded energy",
          arguments: [(7, 4), (4, 7), (12, 12), (30, 9), (1, 5)])
    func decomposition(rows: Int, columns: Int) {
        let matrix = randomMatrix(rows: rows, columns: columns, seed: UInt64(rows * 100 + columns))
        let svd = SingularValueDecomposition(rowCount: rows, columnCount: columns, values: matrix)
        let k = min(rows, columns)
        #expect(svd.singularValues.count == k)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        for (vectors, length) in [(svd.leftVectors, rows), (svd.rightVectors, columns)] {
            for a in 0..<k {
                for b in 0..<k {
                    let dot = (0..<length).reduce(0.0) { $0 + vectors[$1 * k + a] * vectors[$1 * k + b] }
                    #expect(abs(dot - (a == b ? 1 : 0)) < 1e-10)
                }
            }
        }
        for rank in 0...k {
            let approximation = reconstruction(svd, rank: rank)
            let error = zip(matrix, approximation).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let discarded = svd.singularValues[rank...].reduce(0.0) { $0 + $1 * $1 }
            #expect(abs(error - discarded) <= 1e-9 * max(1, discarded), "rank \(rank)")
        }
    }

    @Test("a rank-deficient matrix has zero trailing singular values and the energy rank finds its rank")
    func rankDeficient() {
        let left = randomMatrix(rows: 8, columns: 3, seed: 1), right = randomMatrix(rows: 3, columns: 6, seed: 2)
        var product = [Double](repeating: 0, count: 48)
        for i in 0..<8 { for j in 0..<6 { for r in 0..<3 { product[i * 6 + j] += left[i * 3 + r] * right[r * 6 + j] } } }
        let svd = SingularValueDecomposition(rowCount: 8, columnCount: 6, values: product)
        #expect(svd.singularValues[3...].allSatisfy { $0 < 1e-10 * svd.singularValues[0] })
        #expect(LowRankFactorization.rank(keepingEnergy: 1, of: svd.singularValues) <= 3)
        #expect(LowRankFactorization.rank(keepingEnergy: 0.999999, of: svd.singularValues) == 3)
        #expect(LowRankFactorization.rank(keepingEnergy: 0, of: svd.singularValues) == 1)
    }

    @Test("the grammar: <units>r<rank> builds projection then layer with no activation between; ranks above the layer are refused")
    func grammar() throws {
        let network = try Architecture("mlp:20-16r4-8-3").makeNetwork(seed: 1)
        #expect(network.layers.map(\.description).prefix(3) == ["dense 20→4", "dense 4→16", "relu"])
        #expect(network.parameters.map(\.name).prefix(2) == ["layer0.projection.weight", "layer0.projection.bias"])
        let cnn = try Architecture("cnn:6x6x1-c4k3-p2-f10r2-3r2").makeNetwork(seed: 1)
        #expect(cnn.layers.compactMap { $0 as? Dense }.map(\.description) == ["dense 36→2", "dense 2→10", "dense 10→2", "dense 2→3"])
        #expect(throws: Architecture.ParseError.self) { try Architecture("mlp:20-16r17-3").makeNetwork(seed: 1) }
        #expect(throws: Architecture.ParseError.self) { try Architecture("mlp:20-16r0-3") }
        #expect(throws: Architecture.ParseError.self) { try Architecture("mlp:20-16r-3") }
    }

    @Test("factoring at full rank reproduces the outputs; truncating and refactoring a factored layer works; checkpoints round-trip")
    func factoredNetwork() throws {
        let architecture = try Architecture("mlp:12-9-7-3,dropout=0.1")
        let network = try architecture.makeNetwork(seed: 2)
        var generator = SeededRandomNumberGenerator(seed: 3)
        for layer in network.layers.compactMap({ $0 as? Dense }) { layer.bias.value = .uniform(shape: layer.bias.value.shape, in: -0.3...0.3, using: &generator) }
        let input = Tensor.uniform(shape: [5, 12], in: 0...1, using: &generator)
        let expected = network.forward(input, training: false)
        func close(_ a: Tensor, _ b: Tensor, _ tolerance: Float) -> Bool {
            zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0)) }
        }

        let full = try LowRankFactorization.factor(network, architecture: architecture, layers: [0, 1], choice: .energy(1))
        #expect(full.architecture.description == "mlp:12-9r9-7r7-3,dropout=0.1")
        #expect(close(full.network.forward(input, training: false), expected, 1e-4))
        let refactored = try LowRankFactorization.factor(full.network, architecture: full.architecture, layers: [1], choice: .rank(7))
        #expect(refactored.ranks == [1: 7])
        #expect(close(refactored.network.forward(input, training: false), expected, 1e-4))

        let truncated = try LowRankFactorization.factor(network, architecture: architecture, layers: [0], choice: .rank(2))
        #expect(truncated.architecture.description == "mlp:12-9r2-7-3,dropout=0.1")
        #expect(!close(truncated.network.forward(input, training: false), expected, 1e-4))
        #expect(throws: PruningError.self) { try LowRankFactorization.factor(network, architecture: architecture, layers: [2], choice: .rank(4)) }
        #expect(throws: PruningError.self) { try LowRankFactorization.factor(network, architecture: architecture, layers: [5], choice: .rank(1)) }

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lowrank-\(UUID().uuidString).ckpt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint(architecture: truncated.architecture.description, network: truncated.network, optimizer: nil, epoch: 0, seed: 1, history: []).write(to: url)
        let loaded = try Checkpoint.load(from: url)
        let rebuilt = try Architecture(loaded.architecture).makeNetwork(seed: 9)
        try loaded.restore(into: rebuilt)
        #expect(rebuilt.forward(input, training: false) == truncated.network.forward(input, training: false))
    }
}
