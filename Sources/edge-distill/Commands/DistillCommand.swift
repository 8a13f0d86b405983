import Distiller
import Foundation

/// `edge-distill distill --arch STUDENT --teacher T.ckpt[,T2.ckpt] [options]`.
enum DistillCommand {
    static let usage = """
        usage: edge-distill distill --arch STUDENT (--teacher T.ckpt[,T2.ckpt…] | --teacher-logits FILE.npy) [options]
          Trains a student on a teacher's (or an ensemble's) soft targets:
          α·T²·KL(p_T ‖ q_T) + (1−α)·CE(y, q_1), or L2 logit matching with --loss logits.
          --teacher FILES        teacher checkpoints, comma-separated (several make an ensemble)
          --teacher-logits FILE  [train examples, classes] float .npy logits instead of teacher networks
          --temperature T        softmax temperature (default 4)
          --alpha A              weight of the soft term, 0…1 (default 0.9); 1 without labels
          --loss kd|logits       soft targets (default) or logit matching
          --ensemble logits|probabilities  how several teachers are combined (default logits)
          --transfer-fraction F  keep this fraction of the training examples (default 1)
          --omit-classes LIST    remove these classes from the transfer set, such as 3 or 3,8
          --unlabelled           drop the labels (soft targets only)
          --teacher-epochs N     learn from the teacher for the first N epochs only, from the labels alone
                                 after them (distillation stopped early; default: every epoch)
          --hint S:T             FitNets: first train the student up to its S-th hidden activation (through a
                                 learned regressor) to match the teacher's T-th hidden activation, then distil
          --hint-epochs N        epochs of that first stage (default 5; Adam, lr 0.001)
        \(TrainingFlags.help)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try TrainingFlags.parse(
            arguments, extraOptions: ["--teacher", "--teacher-logits", "--temperature", "--alpha", "--loss", "--ensemble", "--transfer-fraction", "--omit-classes", "--hint", "--hint-epochs", "--teacher-epochs"],
            extraFlags: ["--unlabelled"], usage: usage)
        guard (parsed.value("--teacher") == nil) != (parsed.value("--teacher-logits") == nil) else {
            throw UsageError("give exactly one of --teacher or --teacher-logits")
        }
        let temperature = Float(try parsed.number("--temperature", default: 4, in: 0.01...1000))
        let alpha = Float(try parsed.number("--alpha", default: 0.9, in: 0...1))
        let fraction = try parsed.number("--transfer-fraction", default: 1, in: 1e-6...1)
        var omitted = Set<Int>()
        for item in (parsed.value("--omit-classes") ?? "").split(separator: ",") {
            guard let value = Int(item), value >= 0 else { throw UsageError("--omit-classes takes class numbers such as 3,8, got '\(item)'") }
            omitted.insert(value)
        }
        let combination: TeacherEnsemble.Combination
        switch parsed.value("--ensemble") ?? "logits" {
        case "logits": combination = .averageLogits
        case "probabilities": combination = .averageProbabilities
        case let other: throw UsageError("unknown --ensemble '\(other)' (known: logits, probabilities)")
        }
        let lossName = parsed.value("--loss") ?? "kd"
        guard ["kd", "logits"].contains(lossName) else { throw UsageError("unknown --loss '\(lossName)' (known: kd, logits)") }
        let teacherEpochs = try parsed.value("--teacher-epochs").map { _ in try parsed.integer("--teacher-epochs", default: 1, in: 1...100_000) }
        if teacherEpochs != nil, parsed.flag("--unlabelled") {
            throw UsageError("--teacher-epochs trains on the labels after the teacher's epochs; --unlabelled drops them")
        }

        var files = FilePaths()
        for path in (parsed.value("--teacher") ?? "").split(separator: ",", omittingEmptySubsequences: false) where parsed.value("--teacher") != nil {
            files.input(String(path), "--teacher")
        }
        files.input(parsed.value("--teacher-logits"), "--teacher-logits")
        var setup = try TrainingFlags.setUp(parsed, files: files)
        guard omitted.allSatisfy({ $0 < setup.train.classCount }) else { throw UsageError("--omit-classes names a class outside 0..<\(setup.train.classCount)") }
        let teacher: TeacherSource
        if let list = parsed.value("--teacher") {
            var teachers: [Sequential] = []
            for path in list.split(separator: ",").map(String.init) {
                teachers.append(try loadNetwork(path, expectedInputs: setup.train.inputs.itemSize, classes: setup.train.classCount))
            }
            teacher = .networks(teachers)
            printError("teachers: \(teachers.count), \(teachers.map { "\($0.parameterCount)" }.joined(separator: ", ")) parameters")
        } else {
            let url = URL(fileURLWithPath: parsed.value("--teacher-logits")!)
            let examples = setup.train.count + setup.heldOut
            let all: Tensor
            do {
                all = try TeacherLogitsFile.load(from: url, exampleCount: examples, classCount: setup.train.classCount)
            } catch DatasetError.malformed(let path, let reason) where parsed.value("--train-limit") != nil {
                throw UsageError("\(path): \(reason); --train-limit \(parsed.value("--train-limit")!) uses the first \(examples) training examples, so the logits need one row for each of them (evaluate TEACHER --split train --train-limit \(examples) --save-logits FILE)")
            }
            teacher = .precomputedLogits(all.items(0..<setup.train.count))
            if setup.trainer.options.jitter > 0 {
                printError("warning: --jitter shifts the student's images but precomputed teacher logits saw unshifted ones")
            }
        }
        let recipe = TransferSet(fraction: fraction, omittedClasses: omitted, unlabelled: parsed.flag("--unlabelled"))
        let (transfer, sourceIndices) = recipe.make(from: setup.train, seed: setup.trainer.options.seed)
        guard transfer.count > 0 else {
            throw UsageError("the transfer set is empty: --transfer-fraction \(fraction)\(omitted.isEmpty ? "" : " and --omit-classes \(omitted.sorted().map(String.init).joined(separator: ","))") leave none of the \(setup.train.count) training examples")
        }
        var alignedTeacher = teacher
        if case .precomputedLogits(let logits) = teacher {
            alignedTeacher = .precomputedLogits(Dataset(inputs: logits, labels: [], classCount: setup.train.classCount).subset(sourceIndices).inputs)
        }
        printError("transfer set: \(transfer.count) examples\(omitted.isEmpty ? "" : ", classes \(omitted.sorted()) omitted")\(recipe.unlabelled ? ", unlabelled" : "")")
        let mode: DistillationObjective.Mode = lossName == "logits"
            ? .logitMatching
            : .softTargets(DistillationLoss(temperature: temperature, softWeight: alpha), combination: combination)
        setup.train = transfer
        if let hint = parsed.value("--hint") {
            guard case .networks(let teachers) = teacher else { throw UsageError("--hint needs a teacher checkpoint, not --teacher-logits") }
            let epochs = try parsed.integer("--hint-epochs", default: 5, in: 1...10_000)
            let resuming = setup.trainer.options.resume && setup.trainer.options.checkpointURL.map { FileManager.default.fileExists(atPath: $0.path) } == true
            if resuming {
                printError("resuming: the hint stage ran before the first checkpoint, skipping it")
            } else {
                try trainHints(hint, epochs: epochs, student: setup.trainer.network, teacher: teachers[0], data: transfer, setup: setup)
            }
        }
        try setup.trainer.fit(setup.train, test: setup.evaluation, objective: DistillationObjective(teacher: alignedTeacher, mode: mode, teacherEpochs: teacherEpochs))
        TrainingFlags.report(setup.trainer, evaluation: setup.evaluation, evaluationName: setup.evaluationName)
    }

    /// FitNets stage one: `S:T` pairs the student's S-th hidden activation (counted in ReLUs) with
    /// the teacher's T-th; a dense or 1×1-convolution regressor bridges their widths.
    static func trainHints(_ text: String, epochs: Int, student: Sequential, teacher: Sequential, data: Dataset, setup: TrainingFlags.Setup) throws {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 > 0 }) else { throw UsageError("--hint takes S:T, hidden activation numbers such as 1:2; got '\(text)'") }
        func layerCount(through activation: Int, of network: Sequential, _ role: String) throws -> Int {
            let activations = network.layers.indices.filter { network.layers[$0] is ReLU }
            guard activation <= activations.count else {
                throw UsageError("--hint \(text): the \(role) has \(activations.count) hidden activations")
            }
            return activations[activation - 1] + 1
        }
        let guided = try layerCount(through: parts[0], of: student, "student")
        let hinted = try layerCount(through: parts[1], of: teacher, "teacher")
        let probe = data.inputs.items(0..<1)
        let studentShape = Sequential(Array(student.layers[0..<guided])).forward(probe, training: false).shape
        let teacherShape = Sequential(Array(teacher.layers[0..<hinted])).forward(probe, training: false).shape
        var generator = SeededRandomNumberGenerator(seed: setup.trainer.options.seed, stream: 99)
        let regressor: any Layer
        switch (studentShape.count, teacherShape.count) {
        case (2, 2):
            regressor = Dense(inputCount: studentShape[1], outputCount: teacherShape[1], name: "hint.regressor", using: &generator)
        case (4, 4) where studentShape[1...2] == teacherShape[1...2]:
            regressor = Conv2D(inputChannels: studentShape[3], outputChannels: teacherShape[3], kernelSize: 1, name: "hint.regressor", using: &generator)
        default:
            throw UsageError("--hint \(text): student features \(Array(studentShape.dropFirst())) and teacher features \(Array(teacherShape.dropFirst())) need the same rank (and the same height and width for images)")
        }
        printError("hint stage: student layers 0..<\(guided) \(Array(studentShape.dropFirst())) → regressor → teacher layers 0..<\(hinted) \(Array(teacherShape.dropFirst())), \(epochs) epochs")
        let training = HintTraining(guidedLayerCount: guided, hintLayerCount: hinted, epochs: epochs, batchSize: setup.trainer.options.batchSize, seed: setup.trainer.options.seed)
        training.run(student: student, teacher: teacher, hint: HintLoss(regressor: regressor), data: data, progress: printError)
    }

    /// Builds the network a checkpoint describes and loads its weights.
    static func loadNetwork(_ path: String, expectedInputs: Int, classes: Int) throws -> Sequential {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw UsageError("checkpoint \(path) not found") }
        return try network(from: try Checkpoint.load(from: url), path: path, expectedInputs: expectedInputs, classes: classes).network
    }

    /// The network an already loaded checkpoint holds, and its architecture, checked against the
    /// data's inputs and classes; `path` names the file in errors.
    static func network(from checkpoint: Checkpoint, path: String, expectedInputs: Int, classes: Int) throws -> (network: Sequential, architecture: Architecture) {
        let architecture: Architecture
        do { architecture = try Architecture(checkpoint.architecture) } catch { throw UsageError("\(path): \(error.description)") }
        guard architecture.inputShape.reduce(1, *) == expectedInputs, architecture.outputCount == classes else {
            throw UsageError("\(path) holds '\(checkpoint.architecture)', which does not fit \(expectedInputs) inputs and \(classes) classes")
        }
        let network = try architecture.makeNetwork(seed: 0)
        try checkpoint.restore(into: network, path: path)
        return (network, architecture)
    }
}
