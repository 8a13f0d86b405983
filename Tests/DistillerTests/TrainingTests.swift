import Foundation
import Testing
@testable import Distiller

@Suite("Training loop, checkpoints, resume, curves")
struct TrainingTests {
    /// An MLP with dropout and a CNN with batch norm (whose statistics are buffers, not parameters).
    static let architectures = ["mlp:36-24-4,dropout=0.3", "cnn:6x6x1-c4k3-p2-f8-4,bn"]

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("distiller-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 200 tiny 6×6 images: class = which quadrant holds a bright blob.
    func tinyImages() -> Dataset {
        var generator = SeededRandomNumberGenerator(seed: 3)
        var images = Tensor(shape: [200, 6, 6, 1])
        var labels: [Int] = []
        for item in 0..<200 {
            let label = item % 4
            let (y, x) = ((label / 2) * 3 + 1, (label % 2) * 3 + 1)
            images[item, y, x, 0] = 1
            images[item, y, x + 1, 0] = 0.5 + 0.5 * generator.nextUnitFloat()
            labels.append(label)
        }
        return Dataset(inputs: images, labels: labels, classCount: 4)
    }

    func makeTrainer(_ architecture: String, checkpoint: URL?, epochs: Int, resume: Bool = false, optimizer: any Optimizer = Adam()) throws -> Trainer {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = 16
        options.schedule = .cosine(initial: 0.01, minimum: 0.001, epochs: epochs)
        options.seed = 42
        options.jitter = 1
        options.maxNorm = 3
        options.checkpointURL = checkpoint
        options.resume = resume
        let trainer = Trainer(network: try Architecture(architecture).makeNetwork(seed: 42), architecture: architecture, optimizer: optimizer, options: options)
        trainer.progress = { _ in }
        return trainer
    }

    @Test("a killed run resumed from its checkpoint ends with exactly the weights of an uninterrupted run",
          arguments: TrainingTests.architectures)
    func resumeMatchesUninterrupted(architecture: String) throws {
        let data = tinyImages()
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let straight = try makeTrainer(architecture, checkpoint: directory.appendingPathComponent("a.ckpt"), epochs: 4)
        try straight.fit(data, test: data, objective: CrossEntropyObjective())

        let checkpoint = directory.appendingPathComponent("b.ckpt")
        let killed = try makeTrainer(architecture, checkpoint: checkpoint, epochs: 4, optimizer: Adam())
        try killed.fit(data, test: data, objective: CrossEntropyObjective(), stopAfterEpoch: 2)
        #expect(try Checkpoint.load(from: checkpoint).epoch == 2)
        var lines: [String] = []
        let resumed = try makeTrainer(architecture, checkpoint: checkpoint, epochs: 4, resume: true)
        resumed.progress = { lines.append($0) }
        try resumed.fit(data, test: data, objective: CrossEntropyObjective())
        #expect(lines.first?.hasPrefix("resuming") == true)
        #expect(lines.count == 3, "one line for resuming, one per remaining epoch")
        for (a, b) in zip(straight.network.parameters + straight.network.buffers, resumed.network.parameters + resumed.network.buffers) {
            #expect(a.value == b.value, "\(a.name) differs after resume")
        }
        #expect(resumed.history.map(\.loss) == straight.history.map(\.loss))
        #expect(straight.history.last!.trainAccuracy > 0.5, "it learned something")
        let different = try makeTrainer(architecture, checkpoint: nil, epochs: 1)
        different.options.seed = 43
        try different.fit(data, test: nil, objective: CrossEntropyObjective())
        #expect(different.network.parameters[0].value != straight.network.parameters[0].value)
    }

    @Test("progress lines carry loss, accuracies, throughput and ETA; curves are SVG")
    func progressAndCurves() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = try makeTrainer("mlp:36-16-4", checkpoint: nil, epochs: 2)
        trainer.options.curvesURL = directory.appendingPathComponent("curves.svg")
        var lines: [String] = []
        trainer.progress = { lines.append($0) }
        try trainer.fit(tinyImages(), test: tinyImages(), objective: CrossEntropyObjective())
        #expect(lines.count == 2)
        let line = lines[0]
        for part in ["epoch 1/2", "loss ", "train ", "test ", "samples/s", "ETA"] { #expect(line.contains(part), "\(line)") }
        let svg = try String(contentsOf: trainer.options.curvesURL!, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<polyline").count == 4, "loss, train and test curves")
    }

    @Test("curves have ticked axes, and accuracies of 97 % and 99 % are far apart on the accuracy axis")
    func curvesHaveTicksAndAReadableAccuracyRange() throws {
        let history = (1...12).map { epoch in
            EpochRecord(epoch: epoch, loss: 0.5 / Float(epoch), trainAccuracy: 0.97 + 0.002 * Float(epoch), testAccuracy: 0.965 + 0.002 * Float(epoch),
                        samplesPerSecond: 1000, seconds: 1, learningRate: 0.1)
        }
        let svg = TrainingCurves.svg(history, title: "mlp:784-64-10 & co")
        #expect(svg.contains("mlp:784-64-10 &amp; co"))
        let labels = svg.components(separatedBy: "class=\"tick-label\"").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last?.split(separator: "<").first.map(String.init)
        }
        #expect(labels.contains("1") && labels.contains("10"), "epoch ticks: \(labels)")
        #expect(labels.contains("0") && labels.contains("0.5"), "loss ticks from 0: \(labels)")
        #expect(labels.contains("99 %") && !labels.contains("0 %") && !labels.contains("50 %"), "accuracy ticks near the curves: \(labels)")
        // The test curve's first and last points (96.7 % and 98.9 %) are at least 100 px apart vertically.
        let test = try #require(svg.components(separatedBy: "<polyline").last?.components(separatedBy: "points=\"").last?.split(separator: "\"").first)
        let heights = test.split(separator: " ").compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(heights.count == 12)
        #expect((heights.first ?? 0) - (heights.last ?? 0) > 100, "\(heights)")
    }

    @Test("a run whose loss stops being finite stops with one line and keeps no checkpoint of it")
    func divergenceIsReported() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("d.ckpt")
        let trainer = try makeTrainer("mlp:36-16-4", checkpoint: url, epochs: 2, optimizer: StochasticGradientDescent(momentum: 0.9))
        trainer.options.schedule = .constant(1e12)
        trainer.options.maxNorm = nil
        trainer.options.curvesURL = directory.appendingPathComponent("d.svg")
        do {
            try trainer.fit(tinyImages(), test: tinyImages(), objective: CrossEntropyObjective())
            Issue.record("a learning rate of 1e12 trained without diverging")
        } catch let error as TrainingError {
            guard case .diverged(let epoch, let loss) = error else { return }
            #expect(epoch == 1 && !loss.isFinite)
            #expect(error.description.contains("diverged") && error.description.contains("--learning-rate"))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path), "the diverged weights were not saved")
    }

    @Test("checkpoints round-trip; corruption, truncation and another architecture are rejected")
    func checkpointErrors() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("c.ckpt")
        let trainer = try makeTrainer("mlp:36-8-4", checkpoint: url, epochs: 1)
        try trainer.fit(tinyImages(), test: nil, objective: CrossEntropyObjective())
        let bytes = [UInt8](try Data(contentsOf: url))
        let checkpoint = try Checkpoint(bytes: bytes)
        #expect(checkpoint.architecture == "mlp:36-8-4" && checkpoint.epoch == 1 && checkpoint.optimizerStepCount == 13)
        #expect(try Checkpoint(bytes: checkpoint.serialized()).serialized() == bytes)
        var corrupted = bytes
        corrupted[bytes.count / 2] ^= 0x40
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: corrupted) }
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: Array(bytes.prefix(bytes.count - 3))) }
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: Array("hello world!".utf8)) }
        let other = try makeTrainer("mlp:36-9-4", checkpoint: url, epochs: 2, resume: true)
        do {
            try other.fit(tinyImages(), test: nil, objective: CrossEntropyObjective())
            Issue.record("resumed a checkpoint of another architecture")
        } catch let error as CheckpointError {
            #expect(error.description.contains("mlp:36-8-4") && error.description.contains("mlp:36-9-4"))
        }
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: directory.path)).contains { $0.hasSuffix(".tmp") }, "no temporary files left")
    }

    @Test("weight averaging keeps the mean of the epochs' weights, leaves training unchanged and resumes exactly",
          arguments: TrainingTests.architectures)
    func weightAveraging(architecture: String) throws {
        let data = tinyImages()
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        func weights(_ network: Sequential) -> [Tensor] { (network.parameters + network.buffers).map(\.value) }

        var snapshots: [[Tensor]] = []
        for stop in 1...4 {
            let plain = try makeTrainer(architecture, checkpoint: directory.appendingPathComponent("plain.ckpt"), epochs: 4, resume: true)
            try plain.fit(data, test: nil, objective: CrossEntropyObjective(), stopAfterEpoch: stop)
            snapshots.append(weights(plain.network))
        }

        let url = directory.appendingPathComponent("average.ckpt")
        let averaging = try makeTrainer(architecture, checkpoint: url, epochs: 4)
        averaging.options.averagingStartEpoch = 2
        var lines: [String] = []
        averaging.progress = { lines.append($0) }
        try averaging.fit(data, test: data, objective: CrossEntropyObjective())
        #expect(averaging.averagedEpochs == 3)
        #expect(!lines[0].contains("average") && lines[3].contains("average of 3 epochs"))
        let checkpoint = try Checkpoint.load(from: url)
        #expect(checkpoint.averagedEpochs == 3)
        #expect(checkpoint.trainingTensors.map(\.value) == snapshots[3], "averaging does not change what is trained")
        for (index, mean) in weights(averaging.network).enumerated() {
            let expected = (0..<mean.count).map { (snapshots[1][index].scalars[$0] + snapshots[2][index].scalars[$0] + snapshots[3][index].scalars[$0]) / 3 }
            let largest = zip(mean.scalars, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(largest < 1e-5, "tensor \(index) is not the mean of epochs 2-4 (off by \(largest))")
            #expect(mean == checkpoint.tensors[index].value, "the checkpoint holds the averaged weights to use")
        }
        #expect(weights(averaging.network) != snapshots[3])
        #expect(try Checkpoint(bytes: checkpoint.serialized()) == checkpoint, "version 2 round-trips")
        let bytes = checkpoint.serialized()
        #expect(throws: CheckpointError.self) { try Checkpoint(bytes: Array(bytes.prefix(bytes.count - 8))) }

        let killedURL = directory.appendingPathComponent("killed.ckpt")
        let killed = try makeTrainer(architecture, checkpoint: killedURL, epochs: 4)
        killed.options.averagingStartEpoch = 2
        try killed.fit(data, test: data, objective: CrossEntropyObjective(), stopAfterEpoch: 3)
        let resumed = try makeTrainer(architecture, checkpoint: killedURL, epochs: 4, resume: true)  // the checkpoint says it averages
        try resumed.fit(data, test: data, objective: CrossEntropyObjective())
        #expect(weights(resumed.network) == weights(averaging.network), "a resumed averaging run ends with the same average")
        let resumedCheckpoint = try Checkpoint.load(from: killedURL)
        #expect(resumedCheckpoint.tensors == checkpoint.tensors && resumedCheckpoint.trainingTensors == checkpoint.trainingTensors)
    }
}

extension TrainingTests {
    @Test("a network that sends every training example to one class is said once to have collapsed; a healthy one is not")
    func collapseIsReported() throws {
        let data = tinyImages()
        var said: [String] = []
        let dead = try makeTrainer("mlp:36-24-4", checkpoint: nil, epochs: 3)
        let hidden = try #require(dead.network.layers.compactMap { $0 as? Dense }.first)
        hidden.weight.value = Tensor(shape: hidden.weight.value.shape)  // every hidden ReLU below zero: never fires
        hidden.bias.value = Tensor(shape: hidden.bias.value.shape, repeating: -1)
        dead.progress = { said.append($0) }
        try dead.fit(data, test: nil, objective: CrossEntropyObjective())
        #expect(said.filter { $0.contains("collapsed") }.count == 1, "\(said)")

        said = []
        let healthy = try makeTrainer("mlp:36-24-4", checkpoint: nil, epochs: 3)
        healthy.progress = { said.append($0) }
        try healthy.fit(data, test: nil, objective: CrossEntropyObjective())
        #expect(said.count == 3 && !said.contains { $0.contains("collapsed") }, "\(said)")
        #expect(Trainer.collapsedClass([2], classCount: 4) == 2 && Trainer.collapsedClass([2], classCount: 1) == nil
                && Trainer.collapsedClass([0, 1], classCount: 4) == nil)
    }
}
