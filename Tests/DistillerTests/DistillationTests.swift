import Testing
@testable import Distiller

@Suite("Distillation losses")
struct DistillationTests {
    func numericGradient(_ logits: Tensor, _ f: (Tensor) -> Float) -> Tensor {
        var gradient = Tensor(shape: logits.shape)
        for index in logits.scalars.indices {
            var plus = logits, minus = logits
            plus.scalars[index] += 1e-2
            minus.scalars[index] -= 1e-2
            gradient.scalars[index] = (f(plus) - f(minus)) / 2e-2
        }
        return gradient
    }

    @Test("α·T²·KL + (1−α)·CE: value and gradient against central differences")
    func distillationGradient() {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let student = Tensor.uniform(shape: [3, 5], in: -3...3, using: &generator)
        let teacher = Tensor.uniform(shape: [3, 5], in: -3...3, using: &generator)
        let labels = [1, 0, 4]
        for (temperature, alpha): (Float, Float) in [(1, 0.5), (4, 0.9), (8, 1)] {
            let loss = DistillationLoss(temperature: temperature, softWeight: alpha)
            let analytic = loss.loss(studentLogits: student, teacherLogits: teacher, labels: labels)
            let numeric = numericGradient(student) { loss.loss(studentLogits: $0, teacherLogits: teacher, labels: labels).loss }
            for (a, n) in zip(analytic.gradient.scalars, numeric.scalars) { #expect(abs(a - n) < 3e-3 * max(1, abs(n)), "T=\(temperature)") }
        }
        let identical = DistillationLoss(temperature: 3, softWeight: 1).loss(studentLogits: teacher, teacherLogits: teacher, labels: labels)
        #expect(abs(identical.loss) < 1e-5, "KL of a distribution with itself is zero")
        #expect(identical.gradient.scalars.allSatisfy { abs($0) < 1e-6 })
        let unlabelled = DistillationLoss(temperature: 3, softWeight: 0.2).loss(studentLogits: student, teacherLogits: teacher, labels: [])
        let softOnly = DistillationLoss(temperature: 3, softWeight: 1).loss(studentLogits: student, teacherLogits: teacher, labels: labels)
        #expect(abs(unlabelled.loss - softOnly.loss) < 1e-6, "without labels only the soft term counts")
    }

    @Test("the T² factor keeps the soft gradient's magnitude as T changes; without it the gradient shrinks like 1/T²")
    func temperatureSquaredScaling() {
        var generator = SeededRandomNumberGenerator(seed: 2)
        let student = Tensor.uniform(shape: [8, 10], in: -4...4, using: &generator)
        let teacher = Tensor.uniform(shape: [8, 10], in: -4...4, using: &generator)
        func norm(_ t: Tensor) -> Float { t.squaredNorm.squareRoot() }
        let temperatures: [Float] = [2, 5, 10, 20, 40]
        let scaled = temperatures.map { norm(DistillationLoss(temperature: $0, softWeight: 1).loss(studentLogits: student, teacherLogits: teacher, labels: []).gradient) }
        let unscaled = temperatures.map { t in
            norm(SoftTargets.divergence(studentLogits: student, teacherProbabilities: SoftTargets.probabilities(logits: teacher, temperature: t), temperature: t).gradient)
        }
        #expect(scaled.max()! / scaled.min()! < 2, "scaled norms \(scaled)")
        #expect(unscaled.first! / unscaled.last! > 100, "unscaled norms \(unscaled) fall with T")
        #expect(abs(scaled[3] / scaled[4] - 1) < 0.05, "converges at large T")
    }

    @Test("for large T and zero-mean logits the KD gradient approaches (z − v)/(N·T²)")
    func highTemperatureLimit() {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let classes = 10
        func zeroMean(_ t: Tensor) -> Tensor {
            let mean = t.scalars.reduce(0, +) / Float(t.count)
            return Tensor(shape: t.shape, scalars: t.scalars.map { $0 - mean })
        }
        let z = zeroMean(.uniform(shape: [1, classes], in: -2...2, using: &generator))
        let v = zeroMean(.uniform(shape: [1, classes], in: -2...2, using: &generator))
        var previousError = Float.infinity
        for temperature: Float in [5, 20, 100] {
            let gradient = SoftTargets.divergence(studentLogits: z, teacherProbabilities: SoftTargets.probabilities(logits: v, temperature: temperature), temperature: temperature).gradient
            let limit = (0..<classes).map { (z.scalars[$0] - v.scalars[$0]) / (Float(classes) * temperature * temperature) }
            let relativeError = zip(gradient.scalars, limit).map { abs($0 - $1) }.max()! / limit.map(abs).max()!
            #expect(relativeError < previousError, "the approximation improves with T")
            previousError = relativeError
        }
        #expect(previousError < 0.03)
        let matching = LogitMatching.loss(studentLogits: z, teacherLogits: v)
        for j in 0..<classes { #expect(abs(matching.gradient.scalars[j] - (z.scalars[j] - v.scalars[j])) < 1e-6) }
    }

    @Test("logit matching value and gradient")
    func logitMatching() {
        let z = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), v = Tensor(shape: [2, 2], scalars: [0, 2, 5, 4])
        let result = LogitMatching.loss(studentLogits: z, teacherLogits: v)
        #expect(abs(result.loss - (1 + 4) / 4) < 1e-6)
        #expect(result.gradient.scalars == [0.5, 0, -1, 0])
    }

    @Test("ensembles average logits or probabilities; one teacher is itself")
    func ensembles() {
        let a = Tensor(shape: [1, 3], scalars: [4, 0, 0]), b = Tensor(shape: [1, 3], scalars: [0, 4, 0])
        let byLogits = TeacherEnsemble.softTargets(teacherLogits: [a, b], temperature: 1, combination: .averageLogits)
        #expect(byLogits == Softmax.probabilities(Tensor(shape: [1, 3], scalars: [2, 2, 0])))
        let byProbabilities = TeacherEnsemble.softTargets(teacherLogits: [a, b], temperature: 2, combination: .averageProbabilities)
        let pa = Softmax.probabilities(a, temperature: 2), pb = Softmax.probabilities(b, temperature: 2)
        for j in 0..<3 { #expect(abs(byProbabilities.scalars[j] - (pa.scalars[j] + pb.scalars[j]) / 2) < 1e-6) }
        #expect(byLogits != byProbabilities)
        #expect(TeacherEnsemble.softTargets(teacherLogits: [a], temperature: 3, combination: .averageProbabilities) == Softmax.probabilities(a, temperature: 3))
    }

    @Test("FitNets hint loss: gradient through the regressor matches central differences")
    func hintLoss() {
        var generator = SeededRandomNumberGenerator(seed: 4)
        let regressor = Dense(inputCount: 4, outputCount: 6, using: &generator)
        let hint = HintLoss(regressor: regressor)
        let student = Tensor.uniform(shape: [3, 4], in: -1...1, using: &generator)
        let teacher = Tensor.uniform(shape: [3, 6], in: -1...1, using: &generator)
        regressor.weight.zeroGradient()
        let analytic = hint.loss(studentFeatures: student, teacherFeatures: teacher)
        let numeric = numericGradient(student) { hint.loss(studentFeatures: $0, teacherFeatures: teacher).loss }
        for (a, n) in zip(analytic.gradient.scalars, numeric.scalars) { #expect(abs(a - n) < 2e-3) }
        #expect(regressor.weight.gradient.squaredNorm > 0, "the regressor is trained too")
    }

    @Test("a student distilled from a teacher on a transfer set with an omitted class still learns that class from soft targets")
    func distillationTrainsAStudent() throws {
        // Four Gaussian blobs; the teacher sees all classes, the student's transfer set omits class 3.
        var generator = SeededRandomNumberGenerator(seed: 5)
        let centres: [[Float]] = [[2, 0], [-2, 0], [0, 2], [0, -2]]
        var scalars: [Float] = [], labels: [Int] = []
        for index in 0..<400 {
            let label = index % 4
            scalars += [centres[label][0] + 0.6 * generator.nextStandardNormal(), centres[label][1] + 0.6 * generator.nextStandardNormal()]
            labels.append(label)
        }
        let data = Dataset(inputs: Tensor(shape: [400, 2], scalars: scalars), labels: labels, classCount: 4)
        let (train, test) = (data.slice(0..<300), data.slice(300..<400))
        let teacher = try Architecture("mlp:2-32-4").makeNetwork(seed: 1)
        var options = TrainingOptions()
        options.epochs = 15
        options.batchSize = 32
        options.schedule = .constant(0.05)
        let teacherTrainer = Trainer(network: teacher, architecture: "mlp:2-32-4", optimizer: StochasticGradientDescent(momentum: 0.9), options: options)
        teacherTrainer.progress = { _ in }
        try teacherTrainer.fit(train, test: test, objective: CrossEntropyObjective())
        #expect(Evaluation.accuracy(of: teacher, on: test) > 0.9)

        let (transfer, _) = TransferSet(omittedClasses: [3]).make(from: train, seed: 1)
        #expect(!transfer.labels.contains(3) && transfer.count == 225)
        func trainStudent(_ objective: some TrainingObjective) throws -> Sequential {
            let student = try Architecture("mlp:2-16-4").makeNetwork(seed: 2)
            let trainer = Trainer(network: student, architecture: "mlp:2-16-4", optimizer: Adam(), options: options)
            trainer.progress = { _ in }
            try trainer.fit(transfer, test: test, objective: objective)
            return student
        }
        let distilled = try trainStudent(DistillationObjective(
            teacher: .networks([teacher]), mode: .softTargets(DistillationLoss(temperature: 2, softWeight: 0.9), combination: .averageLogits)))
        let hardOnly = try trainStudent(CrossEntropyObjective())
        let classThree = test.subset((0..<test.count).filter { test.labels[$0] == 3 })
        let distilledThree = Evaluation.accuracy(of: distilled, on: classThree)
        let hardThree = Evaluation.accuracy(of: hardOnly, on: classThree)
        #expect(hardThree < 0.05, "hard labels alone never predict the omitted class")
        #expect(distilledThree > hardThree + 0.3, "soft targets teach the omitted class: \(distilledThree) vs \(hardThree)")
        #expect(Evaluation.accuracy(of: distilled, on: test) > Evaluation.accuracy(of: hardOnly, on: test))
    }

    @Test("with teacherEpochs the teacher teaches the first epochs and the labels alone the rest; the trainer numbers the batches' epochs")
    func distillationStoppedEarly() throws {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let logits = Tensor.uniform(shape: [4, 3], in: -3...3, using: &generator)
        let teacher = TeacherSource.precomputedLogits(.uniform(shape: [4, 3], in: -3...3, using: &generator))
        let loss = DistillationLoss(temperature: 2, softWeight: 0.7)
        let objective = DistillationObjective(teacher: teacher, mode: .softTargets(loss, combination: .averageLogits), teacherEpochs: 2)
        let labels = [0, 2, 1, 1]
        func batch(epoch: Int) -> Batch { Batch(inputs: Tensor(shape: [4, 1]), labels: labels, indices: [0, 1, 2, 3], epoch: epoch) }
        let soft = loss.loss(studentLogits: logits, teacherLogits: teacher.logits(for: batch(epoch: 0))[0], labels: labels)
        let hard = SoftmaxCrossEntropy.loss(logits: logits, labels: labels)
        #expect(soft.loss != hard.loss)
        for epoch in 0..<4 {
            let result = objective.loss(studentLogits: logits, batch: batch(epoch: epoch))
            let expected = epoch < 2 ? soft : hard
            #expect(result.loss == expected.loss && result.gradient == expected.gradient, "epoch \(epoch)")
        }

        final class EpochRecorder: TrainingObjective {
            var epochs: [Int] = []
            func loss(studentLogits: Tensor, batch: Batch) -> LossAndGradient {
                epochs.append(batch.epoch)
                return SoftmaxCrossEntropy.loss(logits: studentLogits, labels: batch.labels)
            }
        }
        let data = Dataset(inputs: .uniform(shape: [8, 2], in: -1...1, using: &generator), labels: [0, 1, 0, 1, 0, 1, 0, 1], classCount: 2)
        var options = TrainingOptions()
        options.epochs = 3
        options.batchSize = 4
        let trainer = Trainer(network: try Architecture("mlp:2-4-2").makeNetwork(seed: 1), architecture: "mlp:2-4-2", optimizer: Adam(), options: options)
        trainer.progress = { _ in }
        let recorder = EpochRecorder()
        try trainer.fit(data, test: nil, objective: recorder)
        #expect(recorder.epochs == [0, 0, 1, 1, 2, 2])
    }

    @Test("transfer sets keep a fraction, drop classes and labels, reproducibly")
    func transferSets() {
        let data = Dataset(inputs: Tensor(shape: [100, 1], scalars: (0..<100).map(Float.init)), labels: (0..<100).map { $0 % 5 }, classCount: 5)
        let recipe = TransferSet(fraction: 0.5, omittedClasses: [2], unlabelled: true)
        let (set, indices) = recipe.make(from: data, seed: 9)
        #expect(set.count == 40 && set.labels.isEmpty)
        #expect(indices.allSatisfy { $0 % 5 != 2 } && indices == indices.sorted())
        #expect(recipe.make(from: data, seed: 9).sourceIndices == indices)
        #expect(recipe.make(from: data, seed: 10).sourceIndices != indices)
        #expect(set.inputs.scalars == indices.map(Float.init))
    }
}

@Suite("FitNets stage one")
struct HintTrainingTests {
    @Test("the student's lower layers and the regressor learn to predict the teacher's hint")
    func hintLossFalls() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let data = Dataset(inputs: .uniform(shape: [256, 8], in: -1...1, using: &generator), labels: [], classCount: 2)
        let teacher = try Architecture("mlp:8-32-16-2").makeNetwork(seed: 1)   // dense, relu, dense, relu, dense
        let student = try Architecture("mlp:8-12-2").makeNetwork(seed: 2)      // dense, relu, dense
        let hint = HintLoss(regressor: Dense(inputCount: 12, outputCount: 16, using: &generator))
        let before = student.parameters[0].value
        let losses = HintTraining(guidedLayerCount: 2, hintLayerCount: 4, epochs: 8, batchSize: 32, learningRate: 0.01)
            .run(student: student, teacher: teacher, hint: hint, data: data)
        #expect(losses.last! < losses.first! / 2, "hint losses \(losses)")
        #expect(student.parameters[0].value != before, "the guided layers were trained")
        #expect(student.parameters[2].value == (try Architecture("mlp:8-12-2").makeNetwork(seed: 2)).parameters[2].value, "layers above the guided one are untouched")
    }
}
