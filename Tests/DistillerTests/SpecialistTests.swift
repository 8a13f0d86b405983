import Foundation
import Testing
import TestSupport
@testable import Distiller

/// Hinton et al.'s specialists: groups from the generalist's soft targets, a specialist that starts
/// as the generalist, its training mix, and the KL combination at inference.
@Suite struct SpecialistTests {
    /// Soft targets that confuse 2 with 7 and 4 with 9 (and 4 a little with 1) but not the others.
    static func confusedPredictions() -> Tensor {
        var rows: [Float] = []
        var generator = SeededRandomNumberGenerator(seed: 3)
        for n in 0..<400 {
            var p = [Float](repeating: 0.01, count: 10)
            let label = n % 10
            p[label] = 0.8
            let partner = [2: 7, 7: 2, 4: 9, 9: 4][label]
            if let partner { p[partner] = Float.random(in: 0.1...0.3, using: &generator) }
            if label == 4 { p[1] = 0.03 }
            let total = p.reduce(0, +)
            rows += p.map { $0 / total }
        }
        return Tensor(shape: [400, 10], scalars: rows)
    }

    @Test("the groups are the classes predicted together, within the size limit")
    func clustersFindTheConfusions() {
        let clusters = ClassClusters(probabilities: Self.confusedPredictions(), count: 2, maximumSize: 2)
        #expect(Set(clusters.groups) == [[2, 7], [4, 9]], "\(clusters.groups)")
        #expect(clusters.affinity[2][7] > clusters.affinity[2][3] && clusters.affinity[3][3] == 1)
        let one = ClassClusters(probabilities: Self.confusedPredictions(), count: 1, maximumSize: 3)
        #expect(one.groups.count == 1 && one.groups[0].count == 2)
    }

    @Test("a specialist starts as the generalist: the same logits on its classes, the dustbin between the others")
    func specialistStartsFromTheGeneralist() throws {
        let architecture = try Architecture("mlp:12-16-6")
        let generalist = try architecture.makeNetwork(seed: 4)
        let specialist = try Specialist(classes: [4, 1], generalist: generalist, architecture: architecture, seed: 9)
        #expect(specialist.classes == [1, 4] && specialist.architecture.description == "mlp:12-16-3")
        var generator = SeededRandomNumberGenerator(seed: 5)
        let inputs = Tensor.uniform(shape: [20, 12], in: -1...1, using: &generator)
        let general = generalist.predict(inputs), own = specialist.network.predict(inputs)
        for n in 0..<20 {
            #expect(abs(own.scalars[n * 3] - general.scalars[n * 6 + 1]) < 1e-4 && abs(own.scalars[n * 3 + 1] - general.scalars[n * 6 + 4]) < 1e-4)
            // The dustbin: the mean of the other four logits, plus log 4.
            let others = [0, 2, 3, 5].map { general.scalars[n * 6 + $0] }.reduce(0, +) / 4
            #expect(abs(own.scalars[n * 3 + 2] - (others + log(4))) < 1e-4)
        }
        #expect(throws: (any Error).self) { try Specialist(classes: [1], generalist: generalist, architecture: try Architecture("mlp:12-8-6"), seed: 1) }
    }

    @Test("the training mix: every example of the classes, as many others as the dustbin, the correction for it")
    func trainingMix() throws {
        let labels = (0..<100).map { $0 % 10 }
        let train = Dataset(inputs: Tensor(shape: [100, 3], repeating: 0), labels: labels, classCount: 10)
        var specialist = try Specialist(classes: [3, 8], generalist: try Architecture("mlp:3-10").makeNetwork(seed: 1),
                                        architecture: try Architecture("mlp:3-10"), seed: 2)
        let mix = specialist.trainingMix(from: train, seed: 7)
        #expect(mix.count == 40 && mix.classCount == 3)
        #expect(mix.labels.filter { $0 == 2 }.count == 20 && mix.labels.filter { $0 == 0 }.count == 10)
        // The dustbin is 80 % of the data but half the mix: log(0.8 / 0.5).
        #expect(abs(specialist.dustbinLogitCorrection - log(0.8 / 0.5)) < 1e-6)
    }

    @Test("the combination: the generalist alone is kept; a confident specialist moves the mass inside its group only")
    func combination() {
        let p: [Float] = [0.05, 0.5, 0.4, 0.05]
        let alone = SpecialistEnsemble.combine(generalist: p, specialists: [], steps: 200, stepSize: 0.5)
        #expect(zip(alone, p).allSatisfy { abs($0 - $1) < 1e-4 })
        // A specialist for {1, 2}: class 2 is right, and the other classes hold 10 %.
        let q = SpecialistEnsemble.combine(generalist: p, specialists: [([1, 2], [0.05, 0.85, 0.10])], steps: 400, stepSize: 0.5)
        #expect(q[2] > q[1], "\(q)")
        #expect(abs(q.reduce(0, +) - 1) < 1e-5)
        // Outside the group the ratio of classes 0 and 3 stays the generalist's.
        #expect(abs(q[0] / q[3] - 1) < 1e-3)
        // The stationary point: the gradient is (close to) zero.
        let dustbin = q[0] + q[3]
        let gradient = (0..<4).map { j -> Float in
            let general = q[j] - p[j]
            let own: Float = j == 1 ? q[1] - 0.05 : j == 2 ? q[2] - 0.85 : q[j] - 0.10 * q[j] / dustbin
            return general + own
        }
        #expect(gradient.allSatisfy { abs($0) < 1e-3 }, "\(gradient)")
    }
}
