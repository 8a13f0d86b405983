// Fuzzes recipe JSON (`train --recipe FILE.json`, also read by `distill`): the JSON object turned into
// arguments (`TrainingFlags.recipeArguments(json:path:options:flags:)`), the argument parser, and every
// option a recipe sets that `train` reads before it loads data: the architecture string, the numbers
// and their ranges, the optimizer and the learning-rate schedule. (Compiled with the edge-distill
// sources, main.swift excepted; building the network is left out: its size is bounded elsewhere.)
import Distiller
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let options = TrainingFlags.options, flags = TrainingFlags.flags
        let arguments = try TrainingFlags.recipeArguments(json: Data(bytes: data, count: size), path: "fuzz.json", options: options, flags: flags)
        let parsed = try Arguments(arguments, options: options, flags: flags, usage: "")
        if let text = parsed.value("--arch") { _ = try? Architecture(text) }
        let epochs = try parsed.integer("--epochs", default: 10, in: 1...100_000)
        _ = try? parsed.integer("--batch-size", default: 128, in: 1...65_536)
        _ = try? parsed.integer("--jitter", default: 0, in: 0...16)
        _ = try? parsed.integer("--seed", default: 1)
        _ = try? parsed.number("--max-norm", default: 0, in: 1e-6...1e6)
        _ = try? parsed.integer("--average-from", default: 1, in: 1...epochs)
        let (_, _, learningRate) = try TrainingFlags.optimizer(parsed, defaultRates: (sgd: 0.1, adam: 0.001))
        _ = try TrainingFlags.schedule(parsed.value("--schedule") ?? "constant", initial: learningRate, epochs: epochs)
    } catch {
        _ = "\(error)"
    }
    return 0
}
