import Distiller
import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill demo`: the main job end to end on real data, with progress on stderr.
///
/// Each stage runs the same subcommand a user would type, so the demo is also a worked example
/// of the command line; the summary at the end measures every model on the whole MNIST test set.
enum DemoCommand {
    static let usage = """
        usage: edge-distill demo [--data-dir DIR] [--shared DIR] [--output DIR] [--teacher-epochs N] [--student-epochs N]
                                 [--student-examples N]
          1. trains a teacher (\(plan.teacherArchitecture)) on all 60 000 MNIST training images for \(plan.teacherEpochs) epochs;
          2. gives a small student (\(plan.studentArchitecture)) only the first \(plan.studentExamples) training images
             (--student-examples) for \(plan.studentEpochs) epochs (--student-epochs), with shifts of up to
             ±\(plan.studentJitter) pixels: once distilled from the teacher's soft targets at T = \(formatted(plan.temperature)), and once
             alone on the labels, from the same initial weights;
          3. quantizes the distilled student to int8 (.edm, arena planned ahead of time);
          4. measures float and int8 accuracy on the 10 000 test images (int8 by the runtime itself)
             and says what the numbers show: how many errors distillation saved, what int8 costs;
          5. exports a C header for firmware and a model card (Markdown + JSON);
          6. simulates the student on every device profile (table + HTML report);
          7. when the MLPerf Tiny conformance models are present, checks the runtime against TFLM
             bit for bit on all four.
          MNIST comes from --data-dir, then EDGE_DISTILL_DATA, then ../shared/datasets; the conformance
          models from --shared, then EDGE_DISTILL_SHARED, then ../shared. Files go to --output
          (default ./demo-output).
        """

    /// The set-up (decided in the library, see ``DemoPlan``).
    static let plan = DemoPlan()

    static func formatted(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(
            arguments, options: ["--data-dir", "--shared", "--output", "--teacher-epochs", "--student-epochs", "--student-examples"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("unexpected argument '\(parsed.positional[0])'") }
        var plan = Self.plan
        plan.teacherEpochs = try parsed.integer("--teacher-epochs", default: plan.teacherEpochs, in: 1...1000)
        plan.studentEpochs = try parsed.integer("--student-epochs", default: plan.studentEpochs, in: 1...1000)
        plan.studentExamples = try parsed.integer("--student-examples", default: plan.studentExamples, in: 1...60_000)
        let dataDirectory = DataDirectory(explicit: parsed.value("--data-dir"))
        let mnist = dataDirectory.dataset("mnist")
        guard FileManager.default.fileExists(atPath: mnist.appendingPathComponent("train-images-idx3-ubyte.gz").path)
            || FileManager.default.fileExists(atPath: mnist.appendingPathComponent("train-images-idx3-ubyte").path) else {
            throw UsageError("""
                the demo needs MNIST: \(mnist.path) has no train-images-idx3-ubyte(.gz). Put the four MNIST files \
                (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, \
                from yann.lecun.com/exdb/mnist or any mirror) in DIR/mnist and pass --data-dir DIR or set EDGE_DISTILL_DATA=DIR; \
                the project's shared folder beside the repository (../shared/datasets) is used by default
                """)
        }
        let output = URL(fileURLWithPath: parsed.value("--output") ?? "demo-output")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw UsageError("--output \(output.path) is a file; the demo writes its files into a folder")
        }
        do { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) } catch {
            throw UsageError("cannot create the output folder \(output.path): \(CommandLineTool.oneLine(error))")
        }
        func path(_ name: String) -> String { output.appendingPathComponent(name).path }
        let data = ["--data-dir", dataDirectory.url.path]
        let started = Date()

        let rate = ["--learning-rate", "\(plan.learningRate)", "--schedule", plan.schedule]
        stage(1, "train a teacher, \(plan.teacherArchitecture), on every training image for \(plan.teacherEpochs) epochs")
        try TrainCommand.run(["--arch", plan.teacherArchitecture, "--epochs", "\(plan.teacherEpochs)"] + rate
                             + ["--checkpoint", path("teacher.ckpt"), "--curves", path("teacher.svg")] + data)
        stage(2, "give the student \(plan.studentArchitecture) only the first \(plan.studentExamples) training images: distil it at T = \(formatted(plan.temperature)), and train it alone for comparison")
        let studentFlags = ["--arch", plan.studentArchitecture, "--epochs", "\(plan.studentEpochs)", "--train-limit", "\(plan.studentExamples)",
                            "--jitter", "\(plan.studentJitter)"] + rate + data
        try DistillCommand.run(studentFlags + ["--teacher", path("teacher.ckpt"), "--temperature", "\(plan.temperature)", "--alpha", "\(plan.alpha)",
                                               "--checkpoint", path("student.ckpt"), "--curves", path("student.svg")])
        try TrainCommand.run(studentFlags + ["--checkpoint", path("student-alone.ckpt"), "--curves", path("student-alone.svg")])
        stage(3, "quantize the distilled student to int8")
        try QuantizeCommand.run([path("student.ckpt"), "-o", path("student.edm")] + data)
        stage(4, "measure float and int8 accuracy on the whole test set")
        let test = try MNIST.load(.test, from: mnist)
        var rows: [(String, String, Int, ClassificationResult)] = []
        for (label, file) in [("teacher (every training image)", "teacher.ckpt"),
                              ("student trained alone (first \(plan.studentExamples) images)", "student-alone.ckpt"),
                              ("student distilled (same images)", "student.ckpt")] {
            let network = try DistillCommand.loadNetwork(path(file), expectedInputs: 784, classes: 10)
            let logits = network.predict(test.inputs.reshaped(to: [test.count, 784]))
            rows.append((label, "float32", network.parameterCount, ClassificationResult(outputs: logits, labels: test.labels, classCount: 10)))
        }
        let model = try LoadedModel(contentsOf: URL(fileURLWithPath: path("student.edm")))
        let int8 = ClassificationResult(outputs: try RuntimeEvaluation(model: model).outputs(for: test.inputs), labels: test.labels, classCount: 10)
        rows.append(("student distilled, .edm run by the runtime", "int8", rows[2].2, int8))
        print("\n| model | arithmetic | parameters | test errors / 10 000 | accuracy |")
        print("|---|---|---:|---:|---:|")
        for (label, arithmetic, parameters, result) in rows {
            print("| \(label) | \(arithmetic) | \(parameters) | \(result.errors) | \(String(format: "%.2f %%", 100 * result.accuracy)) |")
        }
        let measured = DemoPlan.Measured(
            examples: test.count, teacher: rows[0].3.errors, studentAlone: rows[1].3.errors, studentDistilled: rows[2].3.errors, studentInt8: int8.errors)
        print("\n" + plan.verdict(measured))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path("student.edm"))).count
        print("\nstudent.edm: \(bytes) bytes, arena \(model.model.arenaBytes) bytes, \(model.model.operatorCount) operators\n")
        stage(5, "export a C header for firmware and a model card")
        try ExportCommand.run([path("student.edm"), "--checkpoint", path("student.ckpt"), "--teacher", path("teacher.ckpt")] + data)
        stage(6, "simulate the int8 student on every device profile")
        try SimulateCommand.run([path("student.edm"), "--device", "all", "--report", path("student_devices.html")])
        print("\nHTML report with per-layer latency and the arena over time: \(path("student_devices.html"))")

        let shared = URL(fileURLWithPath: parsed.value("--shared") ?? ProcessInfo.processInfo.environment["EDGE_DISTILL_SHARED"] ?? "../shared")
        let conformance = shared.appendingPathComponent("conformance/mlperf-tiny")
        if FileManager.default.fileExists(atPath: conformance.appendingPathComponent("kws_ref_model.tflite").path) {
            stage(7, "runtime conformance: the four MLPerf Tiny int8 models against TFLM's golden outputs")
            try checkConformance(conformance, output: output)
        } else {
            printError("[7/7] skipped: \(conformance.path) is absent (the MLPerf Tiny conformance models; pass --shared DIR)")
        }
        printError(String(format: "demo finished in %.0f s; files in %@", Date().timeIntervalSince(started), output.path))
    }

    static func stage(_ number: Int, _ title: String) {
        printError("[\(number)/7] \(title)")
    }

    static let conformanceModels: [(name: String, tflmArena: Int)] = [
        ("kws_ref_model", 16_000), ("resnet8_cifar10_int8", 49_152), ("vww_96_int8", 73_728), ("ad01_int8", 768),
    ]

    /// Imports each MLPerf Tiny model, runs it on the 16 golden inputs and compares with TFLM byte for byte.
    static func checkConformance(_ conformance: URL, output: URL) throws {
        print("\n| model | operators | MACs | arena with kernel scratch (B) | TFLM arena, reference kernels (B) | DEV outputs bit-exact with TFLM | median latency (us) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for (name, tflmArena) in conformanceModels {
            let tflite = try [UInt8](Data(contentsOf: conformance.appendingPathComponent("\(name).tflite")))
            let bytes = try ModelWriter().write(try TFLiteImporter.importGraph(from: tflite, name: name))
            try writeAtomically(Data(bytes), to: output.appendingPathComponent("\(name).edm"))
            let loaded = try LoadedModel(bytes: bytes)
            let runner = try ModelRunner(loaded)
            let golden = conformance.appendingPathComponent("golden/\(name)")
            let inputs = try NumPyArray.load(contentsOf: golden.appendingPathComponent("inputs.npy"))
            let expected = try NumPyArray.load(contentsOf: golden.appendingPathComponent("outputs_tflm.npy"))
            let (inputBytes, outputBytes) = (runner.inputBytes(0).count, runner.outputBytes(0).count)
            var matching = 0
            for row in 0..<inputs.shape[0] {
                inputs.bytes.withUnsafeBytes { source in
                    runner.inputBytes(0).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(row * inputBytes)..<((row + 1) * inputBytes)]))
                }
                runner.invoke()
                if Array(runner.outputBytes(0)) == Array(expected.bytes[(row * outputBytes)..<((row + 1) * outputBytes)]) { matching += 1 }
            }
            LatencySamples.warmUp(iterations: 1) { runner.invoke() }
            let latency = LatencySamples(iterations: 20) { runner.invoke() }
            let macs = (0..<loaded.model.operatorCount).reduce(0) { $0 + loaded.model.cost(ofOperator: $1).multiplyAccumulates }
            print("| \(name) | \(loaded.model.operatorCount) | \(macs) | \(loaded.model.arenaBytes) | \(tflmArena) | \(matching)/\(inputs.shape[0]) | \(String(format: "%.1f", latency.median)) |")
            guard matching == inputs.shape[0] else { throw DemoError.mismatch(model: name, matching: matching, rows: inputs.shape[0]) }
        }
    }

    /// The runtime disagreed with TFLM on a golden input.
    enum DemoError: Error, CustomStringConvertible {
        case mismatch(model: String, matching: Int, rows: Int)

        var description: String {
            switch self {
            case .mismatch(let model, let matching, let rows):
                return "\(model): only \(matching) of \(rows) outputs match TFLM's golden outputs"
            }
        }
    }
}
