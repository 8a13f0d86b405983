import Distiller
import Foundation

/// `edge-distill train --arch ARCH [options]`: trains a network on a dataset with cross-entropy.
enum TrainCommand {
    static let usage = """
        usage: edge-distill train --arch ARCH [options]
          Trains a network and writes a checkpoint after every epoch (one progress line per epoch on stderr).
          --arch ARCH            mlp:784-1200-1200-10[,dropout=0.5,input-dropout=0.2,relu6] or
                                 cnn:28x28x1-c32k5-p2-c64k5-p2-f1024-10[,bn,dropout=P]
          --transfer-fraction F  train on a random fraction F of the training examples: the subset
                                 distill --transfer-fraction F draws with the same --seed (default 1)
        \(TrainingFlags.help)
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try TrainingFlags.parse(arguments, extraOptions: ["--transfer-fraction"], extraFlags: [], usage: usage)
        let fraction = try parsed.number("--transfer-fraction", default: 1, in: 1e-6...1)
        let setup = try TrainingFlags.setUp(parsed)
        let trainer = setup.trainer
        let train = TransferSet(fraction: fraction).make(from: setup.train, seed: trainer.options.seed).dataset
        if fraction < 1 { printError("training on \(train.count) of the \(setup.train.count) training examples (--transfer-fraction \(fraction))") }
        try trainer.fit(train, test: setup.evaluation, objective: CrossEntropyObjective())
        TrainingFlags.report(trainer, evaluation: setup.evaluation, evaluationName: setup.evaluationName)
    }
}

/// Flags shared by `train` and `distill`, and what they build.
enum TrainingFlags {
    static let help = """
          --data NAME            \(datasetHelp)
          --data-dir DIR         data directory (default: $EDGE_DISTILL_DATA, then ../shared/datasets)
          --epochs N             epochs (default 10)
          --batch-size N         batch size (default 128)
          --optimizer NAME       sgd | nesterov | adam | adamw (default sgd)
          --learning-rate X      initial learning rate (default 0.1 for SGD, 0.001 for Adam)
          --momentum X           SGD momentum (default 0.9)
          --weight-decay X       L2 (SGD, Adam) or decoupled (AdamW) weight decay (default 0)
          --schedule S           constant | step:EVERY:FACTOR | cosine[:MINIMUM] (default constant)
          --max-norm X           cap each unit's incoming weight norm
          --jitter N             random shifts of up to ±N pixels (fsdd: frames, in time only; default 0)
          --seed N               seed of weights, shuffles, jitter and dropout (default 1)
          --average-from EPOCH   keep the mean of the weights at the end of every epoch from EPOCH on
                                 (stochastic weight averaging): evaluated, checkpointed and kept at the end
          --train-limit N        use only the first N training examples
          --validation N         hold out the last N training examples and report on them instead of the test set
          --test-limit N         evaluate on the first N test examples
          --checkpoint FILE      checkpoint written atomically after every epoch (default ARCH-derived name)
          --resume               continue from --checkpoint if it exists
          --time-split           also print how each epoch's time splits into data, forward, loss, backward, update
          --curves FILE.svg      training curves, redrawn after every epoch
          --recipe FILE.json     options as a JSON object ({"arch": "mlp:784-100-10", "epochs": 5, ...});
                                 flags on the command line override it
        """

    static let options: Set<String> = [
        "--arch", "--data", "--data-dir", "--epochs", "--batch-size", "--optimizer", "--learning-rate", "--momentum",
        "--weight-decay", "--schedule", "--max-norm", "--jitter", "--seed", "--average-from", "--train-limit", "--validation", "--test-limit",
        "--checkpoint", "--curves", "--recipe",
    ]
    static let flags: Set<String> = ["--resume", "--time-split"]

    /// Parses the command line, merging a `--recipe` JSON file underneath it.
    static func parse(_ arguments: [String], extraOptions: Set<String>, extraFlags: Set<String>, usage: String) throws -> Arguments {
        let allOptions = options.union(extraOptions), allFlags = flags.union(extraFlags)
        let direct = try Arguments(arguments, options: allOptions, flags: allFlags, usage: usage)
        guard let recipePath = direct.value("--recipe") else { return direct }
        return try Arguments(try recipeArguments(recipePath, options: allOptions, flags: allFlags) + arguments, options: allOptions, flags: allFlags, usage: usage)
    }

    /// A recipe's keys as `--key value` arguments (later command-line flags win).
    static func recipeArguments(_ path: String, options: Set<String>, flags: Set<String>) throws -> [String] {
        try FilePaths.checkInput(FilePaths.Named(path: path, role: "--recipe"))
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read recipe \(path)") }
        return try recipeArguments(json: data, path: path, options: options, flags: flags)
    }

    /// A recipe's keys as `--key value` arguments, from the file's bytes; `path` names it in errors.
    static func recipeArguments(json data: Data, path: String, options: Set<String>, flags: Set<String>) throws -> [String] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw UsageError("recipe \(path) is not a JSON object")
        }
        var arguments: [String] = []
        for key in object.keys.sorted() {
            let flag = Arguments.canonical("--" + key, in: options)
            switch object[key] {
            case let value as Bool where flags.contains(flag):
                if value { arguments.append(flag) }
            case let value as String where options.contains(flag) && flag != "--recipe":
                arguments += [flag, value]
            case let value as NSNumber where options.contains(flag):
                arguments += [flag, value.stringValue]
            case let values as [Any] where options.contains(flag):
                arguments += [flag, values.map { "\($0)" }.joined(separator: ",")]
            default:
                throw UsageError("recipe \(path): unknown key or bad value for '\(key)'")
            }
        }
        return arguments
    }

    /// Everything a training run needs.
    struct Setup {
        var architecture: Architecture
        var trainer: Trainer
        var train: Dataset
        var evaluation: Dataset?
        var evaluationName: String
        /// Training examples held out for validation (taken from the end).
        var heldOut: Int
    }

    /// Datasets `--data` knows.
    static let datasetNames = ["mnist", "wall-following-robot", "wall-following-robot-random", "fsdd"]
        + FreeSpokenDigits.speakers.map { "fsdd-without-\($0)" }

    /// The data directory's folder of dataset `name` (the robot's two splits share one, as do FSDD's).
    static func folderName(_ name: String) -> String {
        if name == "wall-following-robot-random" { return "wall-following-robot" }
        return name.hasPrefix("fsdd-without-") ? "fsdd" : name
    }

    /// `mnist|wall-following-robot|fsdd`, for usage lines.
    static let datasetChoices = datasetNames.joined(separator: "|")

    /// `--data NAME` in every command's help: the datasets, what they are, and the old spelling.
    static let datasetHelp = """
        mnist (default), wall-following-robot (24 sensors, time split: the first 4,365 rows train),
                                 wall-following-robot-random (the same rows, a stratified random 80/20 split, seed 1) or
                                 fsdd (spoken digits as 49×10 MFCCs, repetitions 0–4 are the test set),
                                 fsdd-without-SPEAKER (leave one speaker out: train on the other five, test on
                                 SPEAKER; one of \(FreeSpokenDigits.speakers.joined(separator: ", ")));
                                 --dataset NAME is the same
        """

    /// For a spoken-digits dataset name, the speaker it holds out (`.some(nil)`: the official
    /// split); `nil` for every other dataset.
    static func spokenDigitsSplit(_ name: String) -> String?? {
        if name == "fsdd" { return .some(nil) }
        guard name.hasPrefix("fsdd-without-"), datasetNames.contains(name) else { return nil }
        return String(name.dropFirst("fsdd-without-".count))
    }

    /// Loads one split of a dataset by name from the data directory.
    static func loadSplit(_ name: String, train: Bool, dataDirectory: String?, limit: Int) throws -> Dataset {
        guard datasetNames.contains(name) else { throw UsageError("unknown dataset '\(name)' (known: \(datasetNames.joined(separator: ", ")))") }
        let folder = DataDirectory(explicit: dataDirectory).dataset(folderName(name))
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw UsageError("dataset folder \(folder.path) not found; pass --data-dir or set EDGE_DISTILL_DATA")
        }
        let data: Dataset
        switch name {
        case "mnist": data = try MNIST.load(train ? .train : .test, from: folder, limit: limit)
        case "fsdd": data = try FreeSpokenDigits.load(train ? .train() : .test(), from: folder)
        case let speakerOut where speakerOut.hasPrefix("fsdd-without-"):
            let speaker = String(speakerOut.dropFirst("fsdd-without-".count))
            data = try FreeSpokenDigits.load(train ? .train(heldOutSpeaker: speaker) : .test(heldOutSpeaker: speaker), from: folder)
        case "wall-following-robot-random": data = try WallFollowingRobot.load(train ? .randomTrain : .randomTest, from: folder)
        default: data = try WallFollowingRobot.load(train ? .train : .test, from: folder)
        }
        return data.count > limit ? data.slice(0..<limit) : data
    }

    /// Loads the training and test splits named by `--dataset` (MNIST by default).
    static func loadDataset(_ parsed: Arguments) throws -> (train: Dataset, test: Dataset) {
        let name = parsed.value("--data") ?? "mnist"
        let trainLimit = try parsed.integer("--train-limit", default: Int.max, in: 1...Int.max)
        let testLimit = try parsed.integer("--test-limit", default: Int.max, in: 1...Int.max)
        printError("loading \(name) from \(DataDirectory(explicit: parsed.value("--data-dir")).dataset(folderName(name)).path)")
        return (try loadSplit(name, train: true, dataDirectory: parsed.value("--data-dir"), limit: trainLimit),
                try loadSplit(name, train: false, dataDirectory: parsed.value("--data-dir"), limit: testLimit))
    }

    /// Checks the files (`files` holds the caller's inputs, such as teachers; the dataset, the
    /// checkpoint and the curves are added), builds the network and loads the data.
    static func setUp(_ parsed: Arguments, files: FilePaths = FilePaths()) throws -> Setup {
        guard let text = parsed.value("--arch") else { throw UsageError("missing --arch (for example --arch mlp:784-1200-1200-10)") }
        let architecture: Architecture
        do { architecture = try Architecture(text) } catch { throw UsageError(error.description) }
        let network: Sequential
        let seed = UInt64(try parsed.integer("--seed", default: 1))
        do { network = try architecture.makeNetwork(seed: seed) } catch { throw UsageError(error.description) }

        var options = TrainingOptions()
        options.epochs = try parsed.integer("--epochs", default: 10, in: 1...100_000)
        options.batchSize = try parsed.integer("--batch-size", default: 128, in: 1...65_536)
        options.seed = seed
        options.jitter = try parsed.integer("--jitter", default: 0, in: 0...16)
        options.maxNorm = try parsed.value("--max-norm").map { _ in Float(try parsed.number("--max-norm", default: 0, in: 1e-6...1e6)) }
        if parsed.value("--average-from") != nil {
            options.averagingStartEpoch = try parsed.integer("--average-from", default: 1, in: 1...options.epochs)
        }
        options.resume = parsed.flag("--resume")
        options.reportsTimeSplit = parsed.flag("--time-split")
        let checkpoint = parsed.value("--checkpoint") ?? (text.map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce("") { $0 + String($1) } + ".ckpt")
        options.checkpointURL = URL(fileURLWithPath: checkpoint)
        options.curvesURL = parsed.value("--curves").map { URL(fileURLWithPath: $0) }
        var files = files
        let datasetName = parsed.value("--data") ?? "mnist"
        files.inputs(inFolder: DataDirectory(explicit: parsed.value("--data-dir")).dataset(folderName(datasetName)), "dataset file")
        files.output(checkpoint, "--checkpoint")
        files.output(options.curvesURL?.path, "--curves")
        try files.check()

        let (makeOptimizer, optimizerName, learningRate) = try optimizer(parsed, defaultRates: (sgd: 0.1, adam: 0.001))
        let optimizer = makeOptimizer()
        options.schedule = try schedule(parsed.value("--schedule") ?? "constant", initial: learningRate, epochs: options.epochs)

        var (train, test) = try loadDataset(parsed)
        guard architecture.inputShape.reduce(1, *) == train.inputs.itemSize else {
            throw UsageError("architecture '\(text)' takes \(architecture.inputShape.reduce(1, *)) inputs per example, the dataset has \(train.inputs.itemSize)")
        }
        guard architecture.outputCount == train.classCount else {
            throw UsageError("architecture '\(text)' has \(architecture.outputCount) outputs, the dataset has \(train.classCount) classes")
        }
        if architecture.inputShape.count == 3 {
            train.inputs = train.inputs.reshaped(to: [train.count] + architecture.inputShape)
            test.inputs = test.inputs.reshaped(to: [test.count] + architecture.inputShape)
        }
        var evaluation: Dataset = test
        var evaluationName = "test"
        var heldOut = 0
        if let held = parsed.value("--validation") {
            let count = try parsed.integer("--validation", default: 0, in: 1...max(1, train.count - 1))
            guard count < train.count else { throw UsageError("--validation \(held) leaves no training examples") }
            evaluation = train.slice((train.count - count)..<train.count)
            train = train.slice(0..<(train.count - count))
            evaluationName = "validation"
            heldOut = count
        }
        let trainer = Trainer(network: network, architecture: text, optimizer: optimizer, options: options)
        printError("\(text): \(network.parameterCount) parameters, \(train.count) training examples, \(options.epochs) epochs, \(optimizerName) lr \(learningRate), threads \(ThreadPool.shared.threadCount)")
        return Setup(architecture: architecture, trainer: trainer, train: train, evaluation: evaluation, evaluationName: evaluationName, heldOut: heldOut)
    }

    /// The optimizer named by `--optimizer` (with `--learning-rate`, `--momentum`, `--weight-decay`)
    /// as a factory of fresh instances, its name, and the initial learning rate.
    static func optimizer(
        _ parsed: Arguments, defaultRates: (sgd: Double, adam: Double)
    ) throws -> (make: () -> any Optimizer, name: String, learningRate: Float) {
        let name = parsed.value("--optimizer") ?? "sgd"
        let isAdam = name.hasPrefix("adam")
        let learningRate = Float(try parsed.number("--learning-rate", default: isAdam ? defaultRates.adam : defaultRates.sgd, in: 1e-9...100))
        let momentum = Float(try parsed.number("--momentum", default: 0.9, in: 0...0.9999))
        let weightDecay = Float(try parsed.number("--weight-decay", default: 0, in: 0...10))
        let make: () -> any Optimizer
        switch name {
        case "sgd": make = { StochasticGradientDescent(momentum: momentum, weightDecay: weightDecay) }
        case "nesterov": make = { StochasticGradientDescent(momentum: momentum, nesterov: true, weightDecay: weightDecay) }
        case "adam": make = { Adam(weightDecay: weightDecay) }
        case "adamw": make = { Adam(weightDecay: weightDecay, decoupledWeightDecay: true) }
        default: throw UsageError("unknown --optimizer '\(name)' (known: sgd, nesterov, adam, adamw)")
        }
        return (make, name, learningRate)
    }

    static func schedule(_ text: String, initial: Float, epochs: Int) throws -> LearningRateSchedule {
        let parts = text.split(separator: ":").map(String.init)
        switch (parts.first, parts.count) {
        case ("constant", 1): return .constant(initial)
        case ("step", 3):
            guard let every = Int(parts[1]), every > 0, let factor = Float(parts[2]), factor > 0 else { break }
            return .step(initial: initial, every: every, factor: factor)
        case ("cosine", 1): return .cosine(initial: initial, minimum: 0, epochs: epochs)
        case ("cosine", 2):
            guard let minimum = Float(parts[1]), minimum >= 0 else { break }
            return .cosine(initial: initial, minimum: minimum, epochs: epochs)
        default: break
        }
        throw UsageError("bad --schedule '\(text)' (use constant, step:EVERY:FACTOR or cosine[:MINIMUM])")
    }

    /// Prints the result on stdout.
    static func report(_ trainer: Trainer, evaluation: Dataset?, evaluationName: String) {
        guard let last = trainer.history.last else { return }
        let seconds = trainer.history.map(\.seconds).sorted()
        // Without labels (distill --unlabelled) there is no train accuracy.
        let train = last.trainAccuracy.isNaN ? "no train accuracy (unlabelled)" : String(format: "train accuracy %.2f%%", 100 * last.trainAccuracy)
        print(String(
            format: "%@: %@ accuracy %.2f%% after %d epochs; %@; median epoch %.2f s; checkpoint %@",
            trainer.architecture, evaluationName, 100 * last.testAccuracy, last.epoch, train,
            seconds[seconds.count / 2], trainer.options.checkpointURL?.path ?? "–"))
    }
}
