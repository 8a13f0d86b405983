import Foundation

/// The `edge-distill` command: a table of subcommands, each in its own file under Commands/.
enum CommandLineTool {
    /// A subcommand: its name, a one-line summary, and what runs it.
    struct Subcommand: Sendable {
        let name: String
        let summary: String
        let run: @Sendable ([String]) throws -> Void
    }

    static let subcommands: [Subcommand] = [
        Subcommand(name: "demo", summary: "the main job end to end on real data (see edge-distill demo --help)", run: DemoCommand.run),
        Subcommand(name: "import", summary: "convert an int8 .tflite model into an .edm model", run: ImportCommand.run),
        Subcommand(name: "inspect", summary: "show operators, tensors, MACs, weight and arena bytes of an .edm model", run: InspectCommand.run),
        Subcommand(name: "run", summary: "run an .edm model over a batch of inputs from a .npy file", run: RunCommand.run),
        Subcommand(name: "listen", summary: "keyword spotting on a WAV file or a test stream: front-end, model and smoothing hop by hop", run: ListenCommand.run),
        Subcommand(name: "bench", summary: "measure per-inference latency of an .edm model on this machine", run: BenchCommand.run),
        Subcommand(name: "simulate", summary: "estimate latency, RAM, flash, energy and PASS/FAIL of a model on devices", run: SimulateCommand.run),
        Subcommand(name: "place", summary: "plan a model's arena across a device's memory regions (TCM, SRAM, PSRAM): one arena per region", run: PlaceCommand.run),
        Subcommand(name: "firmware", summary: "build a bare-metal firmware image (.elf) of a model for QEMU (Cortex-M MPS2 boards, Cortex-A virt)", run: FirmwareCommand.run),
        Subcommand(name: "devices", summary: "list the device profiles of the simulator", run: DevicesCommand.run),
        Subcommand(name: "profile", summary: "time each operator of an .edm model on this machine (MACs, bytes, time)", run: ProfileCommand.run),
        Subcommand(name: "kernel-costs", summary: "measure the runtime's kernels under QEMU and fit the cost model simulate predicts with", run: KernelCostsCommand.run),
        Subcommand(name: "calibrate", summary: "fit the simulator to published MLPerf Tiny results; print leave-one-out tables", run: CalibrateCommand.run),
        Subcommand(name: "train", summary: "train a float network (mlp:…, cnn:…) on a dataset, with checkpoints and resume", run: TrainCommand.run),
        Subcommand(name: "forest", summary: "a random-forest teacher: out-of-bag and test accuracy, out-of-bag soft targets for distill", run: ForestCommand.run),
        Subcommand(name: "distill", summary: "distil a student from teacher checkpoints or teacher logits (.npy)", run: DistillCommand.run),
        Subcommand(name: "specialists", summary: "specialists for the classes a generalist confuses (Hinton et al. section 5): test errors with and without", run: SpecialistsCommand.run),
        Subcommand(name: "prune", summary: "prune (magnitude, OBD, structured) or factor (low-rank) a checkpoint, with distillation fine-tuning", run: PruneCommand.run),
        Subcommand(name: "evaluate", summary: "accuracy of a checkpoint, or of an int8 .edm run by the runtime, on a dataset split", run: EvaluateCommand.run),
        Subcommand(name: "quantize", summary: "post-training int8 quantization of a checkpoint into an .edm model", run: QuantizeCommand.run),
        Subcommand(name: "compare", summary: "float checkpoint vs its int8 .edm layer by layer: SQNR, errors, saturation, the layer to quantize with care", run: CompareCommand.run),
        Subcommand(name: "export", summary: "C header and model card (Markdown + JSON, measured accuracies) of an .edm model, or the model as .tflite", run: ExportCommand.run),
    ]

    static func main(_ arguments: [String]) {
        // `edge-distill help CMD` is `edge-distill CMD --help`.
        if arguments.count == 2, arguments[0] == "help" {
            main([arguments[1], "--help"])
            return
        }
        guard arguments.count <= 2 || arguments.first != "help" else {
            fail("help takes one subcommand, got \(arguments.count - 1): \(arguments.dropFirst().joined(separator: " "))", exitCode: 2)
        }
        guard let name = arguments.first, !["--help", "-h", "help"].contains(name) else {
            printUsage()
            exit(arguments.isEmpty ? 2 : 0)
        }
        guard let command = subcommands.first(where: { $0.name == name }) else {
            fail("unknown subcommand '\(name)'; known: \(subcommands.map(\.name).joined(separator: ", "))", exitCode: 2)
        }
        do {
            try command.run(Array(arguments.dropFirst()))
        } catch let error as UsageError {
            fail("\(name): \(error.message)", exitCode: 2)
        } catch {
            fail("\(name): \(oneLine(error))", exitCode: 1)
        }
    }

    /// An error as one line: the project's errors print themselves; Foundation's (which would print
    /// their whole user-info dictionary) give their localized description and the file they name.
    static func oneLine(_ error: any Error) -> String {
        let text: String
        switch error {
        case let error as CocoaError:
            let path = error.filePath ?? error.url?.path
            text = error.localizedDescription + (path.map { " (\($0))" } ?? "")
        case let error as POSIXError:
            text = error.localizedDescription
        default:
            text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func printUsage() {
        print("usage: edge-distill <subcommand> [options]   (edge-distill help <subcommand> or <subcommand> --help for its options)\n")
        let width = subcommands.map(\.name.count).max() ?? 0
        for command in subcommands {
            print("  \(command.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(command.summary)")
        }
    }

    /// Prints `edge-distill: message` on stderr and exits.
    static func fail(_ message: String, exitCode: Int32) -> Never {
        FileHandle.standardError.write(Data("edge-distill: \(message)\n".utf8))
        exit(exitCode)
    }
}

/// Writes a line to standard error (progress and diagnostics; results go to standard output).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
