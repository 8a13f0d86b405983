import FirmwareSim
import Foundation

/// `edge-distill devices [--devices DIR] [--json]`: lists the device profiles.
enum DevicesCommand {
    static let usage = """
        usage: edge-distill devices [--devices DIR] [--json]
          Lists the device profiles: name, category, processor, clock, RAM and flash budgets, power,
          the default stack (EdgeDistill's runtime, predicted from the fitted cost model of its kernels
          on the firmware build the processor runs) and the comparison stacks `simulate --stack` picks.
          Profiles are read from --devices DIR, else
          $EDGE_DISTILL_DEVICES, else the firmware-sim/devices folder found above the current
          directory or the executable.
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--devices"], flags: ["--json"], usage: usage)
        guard parsed.positional.isEmpty else { throw UsageError("unexpected argument '\(parsed.positional[0])'") }
        let catalog = try DeviceCatalog.locate(explicit: parsed.value("--devices"))
        if parsed.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(catalog.devices))
            print()
            return
        }
        print("device profiles in \(catalog.folder.path):\n")
        for device in catalog.devices {
            let ram = device.ramBytes.value >= 1_048_576 ? String(format: "%.0f MiB", device.ramBytes.value / 1_048_576) : String(format: "%.0f KiB", device.ramBytes.value / 1024)
            let flash = device.flashBytes.value >= 1_048_576 ? String(format: "%.0f MiB", device.flashBytes.value / 1_048_576) : String(format: "%.0f KiB", device.flashBytes.value / 1024)
            func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
            print(pad(device.name, 22) + pad(device.category, 19) + pad(device.processor, 12) + String(format: "%5.0f MHz  ", device.clockMegahertz.value)
                + "RAM " + pad(ram, 9) + "flash " + pad(flash, 9) + String(format: "%7.1f mW active", device.activePowerMilliwatts.value))
            print("    \(device.summary)")
            let runtime = RuntimeLatency(device: device, catalog: catalog.kernelCosts)
            print("    default: " + (runtime.map { "\($0.stackName), fitted build \($0.costs.build)" } ?? "no fitted build of EdgeDistill's runtime for a \(device.processor); the first comparison stack"))
            print("    comparisons (--stack): \(device.stacks.map(\.name).joined(separator: "; "))")
        }
    }
}
