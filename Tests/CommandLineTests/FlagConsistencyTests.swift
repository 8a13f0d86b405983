import Foundation
import Testing
import TestSupport

/// Flags mean the same in every command: `--data NAME` (old spelling `--dataset`) for the dataset,
/// `--train-limit`/`--test-limit` for the first examples of a split; every help lists every dataset;
/// `edge-distill help CMD` is `edge-distill CMD --help`.
@Suite struct FlagConsistencyTests {
    static let datasetCommands = ["train", "distill", "prune", "evaluate", "quantize", "export", "forest", "specialists"]
    static let datasets = ["mnist", "wall-following-robot", "wall-following-robot-random", "fsdd", "fsdd-without-SPEAKER"]

    /// The subcommand names, read from the top-level help.
    func subcommands() throws -> [String] {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        return result.output.split(separator: "\n").filter { $0.hasPrefix("  ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test("edge-distill help CMD prints CMD --help for every subcommand; help with a bad name is one line, exit 2")
    func helpSubcommand() throws {
        let names = try subcommands()
        #expect(names.count == 22 && names.contains("compare") && names.contains("specialists"), "\(names)")
        for name in names {
            let help = try CommandRunner.run(["help", name])
            let direct = try CommandRunner.run([name, "--help"])
            #expect(help.status == 0 && help.output.hasPrefix("usage: edge-distill \(name)"), "\(name): \(help.output) \(help.error)")
            #expect(help.output == direct.output, "\(name)")
        }
        for arguments in [["help", "toaster"], ["help", "train", "distill"]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2 && result.error.split(separator: "\n").count == 1, "\(arguments): \(result.error)")
        }
        #expect(try CommandRunner.run(["help"]).output.contains("edge-distill help <subcommand>"))
    }

    @Test("every command that reads a dataset documents --data with every dataset it accepts")
    func helpListsEveryDataset() throws {
        for name in Self.datasetCommands {
            let help = try CommandRunner.run([name, "--help"]).output
            #expect(help.contains("--data NAME") || help.contains("--data mnist|"), "\(name) documents --data")
            for dataset in Self.datasets { #expect(help.contains(dataset), "\(name) --help names \(dataset)") }
            #expect(!help.contains("--limit N ") || name == "evaluate", "\(name)")
        }
    }

    @Test("--dataset is an alias of --data in every command that reads a dataset")
    func datasetAlias() throws {
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 32, testCount: 12)
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = data.appendingPathComponent("s.ckpt").path
        let model = data.appendingPathComponent("s.edm").path
        let trained = try CommandRunner.run(["train", "--arch", "mlp:784-10", "--data", "mnist", "--data-dir", data.path, "--epochs", "1", "--checkpoint", checkpoint])
        #expect(trained.status == 0, "\(trained.error)")
        #expect(try CommandRunner.run(["quantize", checkpoint, "-o", model, "--dataset", "mnist", "--data-dir", data.path]).status == 0)
        let inputs = [
            "train": ["--arch", "mlp:784-10"],
            "distill": ["--arch", "mlp:784-10", "--teacher", checkpoint],
            "prune": [checkpoint, "-o", data.appendingPathComponent("p.ckpt").path, "--method", "magnitude", "--sparsity", "0.5"],
            "evaluate": [checkpoint],
            "quantize": [checkpoint, "-o", data.appendingPathComponent("q.edm").path],
            "export": [model],
            "forest": [],
            "specialists": [checkpoint],
        ]
        for name in Self.datasetCommands {
            for flag in ["--data", "--dataset"] {
                let result = try CommandRunner.run([name] + inputs[name]! + [flag, "imagenet", "--data-dir", data.path])
                #expect(result.status == 2, "\(name) \(flag): \(result.error)")
                #expect(result.error.contains("unknown dataset 'imagenet' (known: mnist, wall-following-robot, wall-following-robot-random, fsdd, fsdd-without-george, "
                    + "fsdd-without-jackson, fsdd-without-lucas, fsdd-without-nicolas, fsdd-without-theo, fsdd-without-yweweler)"), "\(name) \(flag): \(result.error)")
            }
        }
    }

    @Test("evaluate takes --test-limit and --train-limit as train does; --limit still works; a limit of the other split is refused")
    func evaluateLimits() throws {
        let data = try SyntheticDigits.makeDataDirectory(trainCount: 32, testCount: 12)
        defer { try? FileManager.default.removeItem(at: data) }
        let checkpoint = data.appendingPathComponent("s.ckpt").path
        #expect(try CommandRunner.run(["train", "--arch", "mlp:784-10", "--data-dir", data.path, "--epochs", "1", "--checkpoint", checkpoint]).status == 0)
        for (flags, examples) in [(["--test-limit", "5"], 5), (["--limit", "6"], 6), (["--split", "train", "--train-limit", "7"], 7),
                                  (["--split", "train", "--limit", "8"], 8), ([], 12)] {
            let result = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path] + flags)
            #expect(result.status == 0 && result.output.contains("out of \(examples) examples"), "\(flags): \(result.output) \(result.error)")
        }
        for (flags, text) in [(["--train-limit", "5"], "--train-limit does not apply to --split test; use --test-limit"),
                              (["--split", "train", "--test-limit", "5"], "--test-limit does not apply to --split train; use --train-limit")] {
            let result = try CommandRunner.run(["evaluate", checkpoint, "--data-dir", data.path] + flags)
            #expect(result.status == 2 && result.error == "edge-distill: evaluate: \(text)\n", "\(flags): \(result.error)")
        }
    }
}
