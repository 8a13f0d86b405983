import Foundation

/// The `edge-distill` command: a table of subcommands, each in its own file.
enum CommandLineTool {
    /// A subcommand: its name, a one-line summary, and what runs it.
    struct Subcommand {
        let name: String
        let summary: String
        let run: ([String]) throws -> Void
    }

    nonisolated(unsafe) static let subcommands: [Subcommand] = []

    static func main(_ arguments: [String]) {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            printUsage()
            exit(arguments.isEmpty ? 2 : 0)
        }
        guard let command = subcommands.first(where: { $0.name == name }) else {
            FileHandle.standardError.write("edge-distill: unknown subcommand '\(name)'; known: \(subcommands.map(\.name).joined(separator: ", "))\n".data(using: .utf8)!)
            exit(2)
        }
        do {
            try command.run(Array(arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write("edge-distill \(name): \(error)\n".data(using: .utf8)!)
            exit(1)
        }
    }

    static func printUsage() {
        print("usage: edge-distill <subcommand> [options]\n")
        for command in subcommands { print("  \(command.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(command.summary)") }
    }
}
