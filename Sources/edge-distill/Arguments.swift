import Foundation

/// A wrong or missing command-line argument; printed as one line, exit code 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Command-line flags of one subcommand, parsed by hand (the project has no dependencies).
///
/// Declare the flags a subcommand knows; anything else is an error naming it.
struct Arguments {
    private var values: [String: String] = [:]
    private var switches: Set<String> = []
    /// Arguments that are not flags, in order.
    private(set) var positional: [String] = []

    /// Old spellings still accepted for a canonical option, so scripts written for them keep working:
    /// `--dataset NAME` is `--data NAME` (the dataset a command reads, the same flag everywhere).
    static let aliases = ["--dataset": "--data"]

    /// The canonical spelling of `name` when `options` knows it under that spelling.
    static func canonical(_ name: String, in options: Set<String>) -> String {
        if let canonical = aliases[name], options.contains(canonical) { return canonical }
        return name
    }

    /// Parses `arguments`. `options` take a value (`--output FILE` or `--output=FILE`);
    /// `flags` do not. `-h`/`--help` prints `usage` and exits 0. An alias (``aliases``) of an
    /// option is stored under the option's name.
    init(_ arguments: [String], options: Set<String>, flags: Set<String> = [], usage: String) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" {
                print(usage)
                exit(0)
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                positional.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            name = Self.canonical(name, in: options)
            if flags.contains(name) && inlineValue == nil {
                switches.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                let known = (options.union(flags)).sorted().joined(separator: ", ")
                throw UsageError("unknown option '\(name)'\(known.isEmpty ? "" : "; known: \(known)")")
            }
        }
    }

    /// The value of `name`, if given.
    func value(_ name: String) -> String? { values[name] }

    /// Whether the flag `name` was given.
    func flag(_ name: String) -> Bool { switches.contains(name) }

    /// The value of `name` as an integer within `range`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = 0...Int.max) throws -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// The value of `name` as a number within `range`, or `defaultValue` when absent.
    func number(_ name: String, default defaultValue: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let text = values[name] else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("\(name) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// The single positional argument, or a usage error naming what is expected.
    func onlyPositional(_ what: String) throws -> String {
        guard positional.count == 1 else {
            throw UsageError(positional.isEmpty ? "missing \(what)" : "expected one \(what), got \(positional.count) arguments: \(positional.joined(separator: " "))")
        }
        return positional[0]
    }
}
