import Foundation

/// Entry point: dispatches to a subcommand and turns errors into one line and a non-zero exit.
CommandLineTool.main(Array(CommandLine.arguments.dropFirst()))
