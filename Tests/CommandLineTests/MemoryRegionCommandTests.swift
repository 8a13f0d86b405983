import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// `place` and `simulate` on a device with memory regions: the plan `place` writes is the one
/// `simulate` charges, a spill beats the whole arena in slow memory, and every bad request gets
/// one line and a non-zero exit.
@Suite struct MemoryRegionCommandTests {
    /// A devices folder with the shipped profiles and `tight-m7`: the robot M7 with a small fast
    /// region (the stack, state and I/O plus about half the sample model's arena) and a slow one.
    static func devices(arenaBytes: Int, reservedBytes: Int) throws -> URL {
        let folder = try CommandRunner.temporaryFolder().appendingPathComponent("devices")
        let shipped = SharedFixtures.repositoryRoot.appendingPathComponent("firmware-sim/devices")
        try FileManager.default.copyItem(at: shipped, to: folder)
        var profile = try JSONSerialization.jsonObject(with: Data(contentsOf: shipped.appendingPathComponent("robot-mcu-m7.json"))) as! [String: Any]
        profile["name"] = "tight-m7"
        func region(_ name: String, _ bytes: Int, _ cycles: Double) -> [String: Any] {
            ["name": name, "bytes": ["value": bytes, "source": "test"], "cyclesPerByte": ["value": cycles, "source": "test"]]
        }
        profile["memoryRegions"] = [region("TCM", reservedBytes + arenaBytes / 2 / 16 * 16, 0), region("PSRAM", 1 << 22, 3)]
        try JSONSerialization.data(withJSONObject: profile).write(to: folder.appendingPathComponent("tight-m7.json"))
        return folder
    }

    /// The sample model's file, its bytes, and a devices folder whose `tight-m7` makes it spill.
    static func sample(in folder: URL) throws -> (path: String, bytes: [UInt8], devices: String) {
        let bytes = try ModelWriter().write(SampleGraphs.everyOperator())
        let path = folder.appendingPathComponent("model.edm").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let m = try LoadedModel(bytes: bytes).model
        let io = (0..<m.inputCount).reduce(0) { $0 + m.tensor(m.inputTensorIndex($1)).byteCount }
            + (0..<m.outputCount).reduce(0) { $0 + m.tensor(m.outputTensorIndex($1)).byteCount }
        // The runtime's state and stack on the M7 profile (its `runtime` entry) come first in the fast region.
        return (path, bytes, try devices(arenaBytes: m.arenaBytes, reservedBytes: io + 512 + 2560).path)
    }

    func json(_ result: CommandRunner.Result) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
    }

    /// The first simulation's memory regions and latency.
    func regions(_ report: [String: Any]) -> (source: String, arenas: [Int], milliseconds: Double) {
        let simulation = (report["simulations"] as! [[String: Any]])[0]
        let regions = (simulation["memory"] as! [String: Any])["regions"] as! [String: Any]
        let arenas = (regions["regions"] as! [[String: Any]]).map { $0["arenaBytes"] as! Int }
        return (regions["source"] as! String, arenas, simulation["latencyMilliseconds"] as! Double)
    }

    @Test func placeWritesThePlanSimulateCharges() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (path, _, devices) = try Self.sample(in: folder)
        let model = URL(fileURLWithPath: path)
        let placed = folder.appendingPathComponent("placed.edm").path

        let place = try CommandRunner.run(["place", model.path, "--device", "tight-m7", "--devices", devices, "-o", placed])
        #expect(place.status == 0, "\(place.error)")
        #expect(place.output.contains("2 arenas") && place.output.contains("TCM") && place.output.contains("PSRAM"), "\(place.output)")
        let placedModel = try LoadedModel(contentsOf: URL(fileURLWithPath: placed))
        #expect(placedModel.model.usesRegions)

        // simulate reads the file's placement, and plans the single-arena file the same way.
        let fromFile = regions(try json(try CommandRunner.run(["simulate", placed, "--device", "tight-m7", "--devices", devices, "--json"])))
        let planned = regions(try json(try CommandRunner.run(["simulate", model.path, "--device", "tight-m7", "--devices", devices, "--json"])))
        #expect(fromFile.source == "file" && planned.source == "planned")
        #expect(fromFile.arenas == [placedModel.model.arenaBytes(region: 0), placedModel.model.arenaBytes(region: 1)])
        #expect(planned.arenas == fromFile.arenas)
        #expect(abs(planned.milliseconds - fromFile.milliseconds) <= 1e-9 * fromFile.milliseconds)
        // Everything in PSRAM costs more than the spill; everything in TCM does not fit.
        let slow = regions(try json(try CommandRunner.run([
            "simulate", model.path, "--device", "tight-m7", "--devices", devices, "--json", "--regions", "psram",
        ])))
        #expect(slow.arenas[0] == 0 && slow.arenas[1] > 0 && slow.milliseconds > fromFile.milliseconds)
        let tcmOnly = try CommandRunner.run(["simulate", model.path, "--device", "tight-m7", "--devices", devices, "--regions", "TCM"])
        #expect(tcmOnly.status == 0 && tcmOnly.output.contains("FAIL") && tcmOnly.output.contains("does not fit"), "\(tcmOnly.output)")
        // The HTML report draws each region's arena.
        let report = folder.appendingPathComponent("report.html")
        #expect(try CommandRunner.run(["simulate", placed, "--device", "tight-m7", "--devices", devices, "--report", report.path]).status == 0)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("aria-label=\"TCM on tight-m7\"") && html.contains("aria-label=\"PSRAM on tight-m7\""))
        // The host runs the placed file with one arena per region; inspect names each region's arena.
        #expect(try CommandRunner.run(["bench", placed, "--iterations", "3"]).status == 0)
        let inspect = try CommandRunner.run(["inspect", placed])
        #expect(inspect.output.contains("in memory regions 0: \(placedModel.model.arenaBytes(region: 0)), 1: \(placedModel.model.arenaBytes(region: 1))"), "\(inspect.output)")
        #expect(inspect.output.contains("arena 1"))
    }

    @Test func badRegionRequestsGetOneLine() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (model, bytes, devices) = try Self.sample(in: folder)
        let placed = folder.appendingPathComponent("placed.edm").path
        #expect(try CommandRunner.run(["place", model, "--device", "tight-m7", "--devices", devices, "-o", placed]).status == 0)
        let cases: [([String], String)] = [
            (["place", model, "--device", "phone-big-a76", "--devices", devices, "-o", folder.appendingPathComponent("x.edm").path], "lists no memory regions"),
            (["place", model, "--device", "tight-m7", "--devices", devices, "--regions", "DTCM", "-o", folder.appendingPathComponent("y.edm").path], "no region named 'DTCM'"),
            (["place", model, "--device", "tight-m7", "--devices", devices, "-o", model], "model"),
            (["place", placed, "--device", "tight-m7", "--devices", devices, "-o", folder.appendingPathComponent("z.edm").path], "already places"),
            (["place", model, "--device", "tight-m7", "--devices", devices, "--regions", "TCM", "-o", folder.appendingPathComponent("w.edm").path], "does not fit"),
            (["place", model, "--devices", devices, "-o", folder.appendingPathComponent("v.edm").path], "missing --device"),
            (["simulate", placed, "--device", "tight-m7", "--devices", devices, "--regions", "PSRAM"], "already places"),
            (["simulate", model, "--device", "phone-big-a76", "--devices", devices, "--regions", "PSRAM"], "no memory regions"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(arguments): \(result.error)")
        }
        for name in ["x.edm", "y.edm", "z.edm", "w.edm", "v.edm"] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name) left behind")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == Data(bytes))
    }
}
