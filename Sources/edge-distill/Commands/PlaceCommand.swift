import EdgeModel
import EdgeRuntime
import FirmwareSim
import Foundation

/// `edge-distill place MODEL.edm --device NAME -o OUT.edm`: re-plans a model's arena across the
/// device's memory regions, hottest buffers in the cheapest region.
enum PlaceCommand {
    static let usage = """
        usage: edge-distill place MODEL.edm|MODEL.tflite --device NAME -o OUT.edm [--regions NAME[,NAME...]] [--devices DIR]
          Plans the model's activation tensors and scratch buffers across the memory regions the
          device profile lists (for example DTCM, AXI SRAM and external PSRAM, each with its size and
          its cost per byte moved), so that the model fits and the bytes the kernels move in slow
          memory cost the fewest cycles: buffers moved most per byte they occupy go to the cheapest
          region, the rest spill to the next. The first region also keeps room for the stack, the
          runtime's state and the input/output copies. Writes OUT.edm with the region of every buffer
          (format 1.1; a plan that fits in the first region alone stays a single-arena 1.0 file) and
          prints what each region holds. The runtime then takes one arena per region.
          --regions: only these regions may hold the arena (for example --regions PSRAM puts all of it
          in PSRAM, to compare).
        """

    static func run(_ arguments: [String]) throws {
        let parsed = try Arguments(arguments, options: ["--device", "-o", "--regions", "--devices"], flags: [], usage: usage)
        let path = try parsed.onlyPositional("model file")
        guard let name = parsed.value("--device") else { throw UsageError("missing --device NAME (a profile with memory regions)") }
        guard let output = parsed.value("-o") else { throw UsageError("missing -o OUT.edm") }
        var files = FilePaths()
        files.input(path, "model")
        files.output(output, "-o")
        try files.check()
        let catalog = try DeviceCatalog.locate(explicit: parsed.value("--devices"))
        let device = try catalog.device(named: name)
        guard let profiles = device.memoryRegions else {
            let withRegions = catalog.devices.filter { $0.memoryRegions != nil }.map(\.name)
            throw UsageError("\(device.name) lists no memory regions; devices with regions: \(withRegions.joined(separator: ", "))")
        }
        let allowed = try SimulateCommand.allowedRegions(parsed.value("--regions"), devices: [device])
        let loaded = try SimulateCommand.loadModel(path)
        guard !loaded.model.usesRegions else {
            throw UsageError("\(path) already places its buffers in memory regions; place a single-arena model")
        }
        let workload = ModelWorkload(model: loaded.model)
        let simulation = DeviceSimulation(workload: workload, device: device, kernelCosts: catalog.kernelCosts, regions: allowed)
        if let budget = simulation.memory.regions, !budget.fits {
            throw UsageError("\(path) does not fit \(device.name): \(simulation.memory.failureReasons.joined(separator: "; "))")
        }
        let regions = RegionBudget.plannerRegions(profiles, reservedBytes: simulation.memory.runtimeReservedBytes, allowed: allowed)
        let placed: (bytes: [UInt8], placement: RegionPlanner.Placement)
        do {
            placed = try ModelWriter().placing(loaded, in: regions)
        } catch let error as RegionPlanError {
            throw UsageError("\(path) does not fit \(device.name): \(error)")
        }
        try writeAtomically(Data(placed.bytes), to: URL(fileURLWithPath: output))
        let written = try LoadedModel(bytes: placed.bytes)
        let report = SimulationReport(workload: ModelWorkload(model: written.model), devices: [device], kernelCosts: catalog.kernelCosts)
        print("\(output): \(written.model.usesRegions ? "\(placed.placement.arenaBytes.filter { $0 > 0 }.count) arenas" : "one arena") for \(device.name)")
        for (index, region) in regions.enumerated() where placed.placement.arenaBytes[index] > 0 {
            let buffers = placed.placement.regions.filter { $0 == index }.count
            print("  region \(index) \(region.name): \(placed.placement.arenaBytes[index]) B, \(buffers) buffers")
        }
        if let budget = report.simulations[0].memory.regions, let copies = budget.regions.first(where: { $0.applicationBytes > 0 }) {
            print("  the application's input and output copies (\(copies.applicationBytes) B) have room in \(copies.name)")
        }
        print(String(format: "predicted latency on %@: %.3f ms, %.0f of its cycles for the bytes moved outside the cheapest region",
                     device.name, report.simulations[0].latency.seconds * 1e3, placed.placement.cycles))
    }
}
