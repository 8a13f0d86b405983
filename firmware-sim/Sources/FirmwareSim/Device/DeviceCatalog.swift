import EdgeRuntime
import Foundation

/// The device profiles of one folder, loaded and checked, in name order.
public struct DeviceCatalog: Sendable {
    /// The profiles, sorted by name.
    public var devices: [DeviceProfile]
    /// The folder they were read from.
    public var folder: URL
    /// The fitted kernel-cost models of EdgeDistill's firmware builds, from `folder/kernel-costs`.
    public var kernelCosts: KernelCostCatalog

    /// Loads every `*.json` file of `folder`. Throws the first malformed or invalid profile,
    /// naming the file and the field.
    public init(folder: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw DeviceProfileError.noProfiles(searched: [folder.path])
        }
        guard !names.isEmpty else { throw DeviceProfileError.noProfiles(searched: [folder.path]) }
        var devices: [DeviceProfile] = []
        var fileOfName: [String: String] = [:]
        for name in names {
            let url = folder.appendingPathComponent(name)
            let profile = try DeviceCatalog.load(url)
            if let other = fileOfName[profile.name] {
                throw DeviceProfileError.duplicateName(name: profile.name, files: [other, url.path])
            }
            fileOfName[profile.name] = url.path
            devices.append(profile)
        }
        self.devices = devices.sorted { $0.name < $1.name }
        self.folder = folder
        kernelCosts = try KernelCostCatalog(directory: folder.appendingPathComponent("kernel-costs"))
    }

    /// Reads and checks one profile file.
    public static func load(_ url: URL) throws -> DeviceProfile {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DeviceProfileError.malformed(file: file, field: "(file)", reason: "cannot be read")
        }
        return try profile(decoding: data, file: file)
    }

    /// Decodes and checks the bytes of one profile file; `file` names it in errors.
    public static func profile(decoding data: Data, file: String) throws -> DeviceProfile {
        let profile: DeviceProfile
        do {
            profile = try JSONDecoder().decode(DeviceProfile.self, from: data)
        } catch let error as DecodingError {
            throw DeviceCatalog.describe(error, file: file)
        } catch {
            throw DeviceProfileError.malformed(file: file, field: "(file)", reason: "\(error)")
        }
        try validate(profile, file: file)
        return profile
    }

    /// Checks ranges and sources: every source non-empty, every number finite and non-negative, and
    /// the ones a latency divides by strictly positive.
    public static func validate(_ profile: DeviceProfile, file: String) throws {
        guard !profile.name.isEmpty, !profile.name.contains(" ") else {
            throw DeviceProfileError.invalidValue(file: file, field: "name", reason: "must be a non-empty word without spaces")
        }
        let positive: Set<String> = [
            "clockMegahertz", "cores", "macsPerCyclePerCore", "memoryBandwidthMegabytesPerSecond", "ramBytes", "flashBytes",
            "activePowerMilliwatts", "cyclesPerMAC", "depthwiseFactor", "shallowConvolutionFactor", "denseFactor",
        ]
        func check(_ field: String, _ number: SourcedNumber, path: String) throws {
            guard number.value.isFinite, number.value >= 0 else {
                throw DeviceProfileError.invalidValue(file: file, field: path, reason: "must be a finite number ≥ 0, got \(number.value)")
            }
            if positive.contains(field), number.value <= 0 {
                throw DeviceProfileError.invalidValue(file: file, field: path, reason: "must be > 0, got \(number.value)")
            }
            guard !number.source.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DeviceProfileError.invalidValue(file: file, field: path + ".source", reason: "every number needs a source")
            }
        }
        for (field, number) in profile.numbers { try check(field, number, path: field) }
        guard !profile.stacks.isEmpty else {
            throw DeviceProfileError.invalidValue(file: file, field: "stacks", reason: "needs at least one software stack")
        }
        for (field, number) in profile.runtime.numbers { try check(field, number, path: "runtime.\(field)") }
        for (position, stack) in profile.stacks.enumerated() {
            for (field, number) in stack.numbers { try check(field, number, path: "stacks[\(position)].\(field)") }
        }
        if let regions = profile.memoryRegions {
            guard (1...ModelFormat.maximumRegions).contains(regions.count) else {
                throw DeviceProfileError.invalidValue(
                    file: file, field: "memoryRegions", reason: "lists \(regions.count) regions; a model file names 1 to \(ModelFormat.maximumRegions)")
            }
            for (position, region) in regions.enumerated() {
                let path = "memoryRegions[\(position)]"
                guard !region.name.isEmpty, !region.name.contains(" "), !region.name.contains(","),
                    regions.firstIndex(where: { $0.name.lowercased() == region.name.lowercased() }) == position
                else {
                    throw DeviceProfileError.invalidValue(file: file, field: path + ".name", reason: "must be a unique word without spaces or commas")
                }
                try check("bytes", region.bytes, path: path + ".bytes")
                try check("cyclesPerByte", region.cyclesPerByte, path: path + ".cyclesPerByte")
                guard region.bytes.value >= 1, region.bytes.value <= Double(Int32.max) else {
                    throw DeviceProfileError.invalidValue(file: file, field: path + ".bytes", reason: "must be 1 to \(Int32.max), got \(region.bytes.value)")
                }
                guard region.cyclesPerByte.value <= 1000 else {
                    throw DeviceProfileError.invalidValue(file: file, field: path + ".cyclesPerByte", reason: "must be at most 1000, got \(region.cyclesPerByte.value)")
                }
            }
        }
    }

    /// The profile named `name`; an unknown name lists the known ones.
    public func device(named name: String) throws -> DeviceProfile {
        if let device = devices.first(where: { $0.name == name }) { return device }
        throw DeviceProfileError.unknownDevice(name: name, known: devices.map(\.name))
    }

    /// Folders to look in, in order: `explicit` (`--devices DIR`), the `EDGE_DISTILL_DEVICES`
    /// environment variable, then `firmware-sim/devices` found by walking up from the current
    /// directory and from the executable's folder.
    public static func candidateFolders(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        if let explicit { return [URL(fileURLWithPath: explicit)] }
        var folders: [URL] = []
        if let variable = environment["EDGE_DISTILL_DEVICES"], !variable.isEmpty { folders.append(URL(fileURLWithPath: variable)) }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        for start in starts {
            var url = start.standardizedFileURL
            while true {
                folders.append(url.appendingPathComponent("firmware-sim/devices"))
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return folders
    }

    /// Loads the first candidate folder that exists (see ``candidateFolders(explicit:environment:)``).
    public static func locate(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DeviceCatalog {
        let folders = candidateFolders(explicit: explicit, environment: environment)
        var isFolder: ObjCBool = false
        for folder in folders where FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue {
            return try DeviceCatalog(folder: folder)
        }
        throw DeviceProfileError.noProfiles(searched: explicit != nil ? folders.map(\.path) : Array(folders.prefix(3).map(\.path)) + ["…"])
    }

    /// Turns a decoding error into "file: field 'a.b': reason".
    static func describe(_ error: DecodingError, file: String) -> DeviceProfileError {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .malformed(file: file, field: path(context.codingPath + [key]), reason: "missing")
        case .typeMismatch(let type, let context):
            return .malformed(file: file, field: path(context.codingPath), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            return .malformed(file: file, field: path(context.codingPath), reason: "expected \(type), found null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .malformed(file: file, field: field.isEmpty ? "(file)" : field, reason: "not valid JSON: \(context.debugDescription)")
        @unknown default:
            return .malformed(file: file, field: "(file)", reason: "\(error)")
        }
    }
}
