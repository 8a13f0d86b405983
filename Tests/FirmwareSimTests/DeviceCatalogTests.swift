import Foundation
import Testing

@testable import FirmwareSim

@Suite struct DeviceCatalogTests {
    @Test func shippedProfilesCoverTheIssuesDevices() throws {
        let catalog = try DeviceCatalog(folder: Fixtures.devicesFolder)
        let processors = Set(catalog.devices.map(\.processor))
        for wanted in ["Cortex-A76", "Cortex-A55", "Cortex-M7", "Cortex-A72", "Cortex-A35", "Cortex-M4F", "Cortex-M33"] {
            #expect(processors.contains(wanted), "\(wanted)")
        }
        #expect(Set(catalog.devices.map(\.category)).isSuperset(of: ["phone", "robot", "smart speaker", "calibration board"]))
        for device in catalog.devices {
            for (field, number) in device.numbers { #expect(!number.source.isEmpty, "\(device.name).\(field)") }
            for stack in device.stacks {
                for (field, number) in stack.numbers { #expect(!number.source.isEmpty, "\(device.name).\(stack.name).\(field)") }
            }
        }
        let m7 = try catalog.device(named: "robot-mcu-m7")
        #expect(m7.clockMegahertz.value == 480)
        #expect(m7.ramBytes.value == 1_048_576)
        #expect(m7.flashBytes.value == 2_097_152)
    }

    @Test func unknownDeviceNamesTheKnownOnes() throws {
        let catalog = try DeviceCatalog(folder: Fixtures.devicesFolder)
        #expect {
            try catalog.device(named: "toaster")
        } throws: { error in
            let text = "\(error)"
            return text.contains("toaster") && text.contains("robot-mcu-m7") && text.contains("phone-big-a76")
        }
    }

    static func folder(with files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fs-devices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    static func shippedText(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.devicesFolder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Memory regions: one to four, unique names, sizes within a 32-bit arena, sourced costs.
    @Test func badMemoryRegionsNameTheField() throws {
        let m7 = try DeviceCatalog(folder: Fixtures.devicesFolder).device(named: "robot-mcu-m7")
        #expect(m7.memoryRegions?.map(\.name) == ["DTCM", "AXI-SRAM", "SRAM1-3", "PSRAM"])
        #expect(m7.region(named: "psram")?.index == 3)
        let object = try JSONSerialization.jsonObject(with: Data(try Self.shippedText("robot-mcu-m7.json").utf8)) as! [String: Any]
        let regions = object["memoryRegions"] as! [[String: Any]]
        let cases: [([[String: Any]], String)] = [
            ([], "memoryRegions"),
            (regions + [regions[0]], "memoryRegions"),
            ([regions[0], regions[0]], "memoryRegions[1].name"),
            ([regions[0].merging(["bytes": ["value": 0, "source": "x"]]) { $1 }], "memoryRegions[0].bytes"),
            ([regions[0].merging(["cyclesPerByte": ["value": -1, "source": "x"]]) { $1 }], "memoryRegions[0].cyclesPerByte"),
            ([regions[0].merging(["cyclesPerByte": ["value": 1, "source": " "]]) { $1 }], "memoryRegions[0].cyclesPerByte.source"),
            ([regions[0].merging(["name": "two words"]) { $1 }], "memoryRegions[0].name"),
        ]
        for (bad, field) in cases {
            var broken = object
            broken["memoryRegions"] = bad
            let text = String(decoding: try JSONSerialization.data(withJSONObject: broken), as: UTF8.self)
            let folder = try Self.folder(with: ["broken.json": text])
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect {
                _ = try DeviceCatalog(folder: folder)
            } throws: { error in
                guard case DeviceProfileError.invalidValue(_, let named, _) = error else { return false }
                return named == field
            }
        }
    }

    @Test func missingFieldNamesFileAndField() throws {
        var object = try JSONSerialization.jsonObject(with: Data(try Self.shippedText("robot-mcu-m7.json").utf8)) as! [String: Any]
        object.removeValue(forKey: "clockMegahertz")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let folder = try Self.folder(with: ["broken.json": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            _ = try DeviceCatalog(folder: folder)
        } throws: { error in
            guard case DeviceProfileError.malformed(let file, let field, _) = error else { return false }
            return file.hasSuffix("broken.json") && field == "clockMegahertz"
        }
    }

    @Test func nestedWrongTypeAndBadValuesNameTheField() throws {
        let original = try Self.shippedText("stm32u575-m33.json")
        // A string where a stack number is expected.
        var object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        var stacks = object["stacks"] as! [[String: Any]]
        stacks[0]["cyclesPerMAC"] = ["value": "fast", "source": "x"]
        object["stacks"] = stacks
        let wrongType = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        // A negative clock, and an empty source.
        object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        object["clockMegahertz"] = ["value": -5, "source": "x"]
        let negative = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        object["ramBytes"] = ["value": 1024, "source": " "]
        let unsourced = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let cases: [(String, String)] = [
            (wrongType, "stacks[0].cyclesPerMAC.value"), (negative, "clockMegahertz"), (unsourced, "ramBytes.source"),
            ("{ not json", "(file)"),
        ]
        for (text, field) in cases {
            let folder = try Self.folder(with: ["bad.json": text])
            defer { try? FileManager.default.removeItem(at: folder) }
            do {
                _ = try DeviceCatalog(folder: folder)
                Issue.record("expected an error for \(field)")
            } catch let error as DeviceProfileError {
                let message = "\(error)"
                #expect(message.contains("bad.json") && message.contains("'\(field)'"), "\(message)")
            }
        }
    }

    @Test func locateHonoursExplicitFolderAndEnvironment() throws {
        let folder = try Self.folder(with: ["a.json": try Self.shippedText("ra6m4-m33.json")])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try DeviceCatalog.locate(explicit: folder.path).devices.map(\.name) == ["ra6m4-m33"])
        #expect(try DeviceCatalog.locate(environment: ["EDGE_DISTILL_DEVICES": folder.path]).devices.map(\.name) == ["ra6m4-m33"])
        #expect(throws: DeviceProfileError.self) { try DeviceCatalog.locate(explicit: folder.path + "-missing") }
    }
}
