/// Why a device profile could not be loaded or found. Each message names the file and the field.
public enum DeviceProfileError: Error, Equatable, CustomStringConvertible {
    /// The profile file is not valid JSON or a field is missing or has the wrong type.
    case malformed(file: String, field: String, reason: String)
    /// A number is out of its allowed range or its source is empty.
    case invalidValue(file: String, field: String, reason: String)
    /// No device has that name.
    case unknownDevice(name: String, known: [String])
    /// No profile folder was found.
    case noProfiles(searched: [String])
    /// Two files declare the same device name.
    case duplicateName(name: String, files: [String])

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .malformed(let file, let field, let reason):
            return "\(file): field '\(field)': \(reason)"
        case .invalidValue(let file, let field, let reason):
            return "\(file): field '\(field)': \(reason)"
        case .unknownDevice(let name, let known):
            return "unknown device '\(name)'; known devices: \(known.joined(separator: ", "))"
        case .noProfiles(let searched):
            return "no device profiles found; looked in: \(searched.joined(separator: ", ")) (use --devices DIR or EDGE_DISTILL_DEVICES)"
        case .duplicateName(let name, let files):
            return "device name '\(name)' is declared by more than one file: \(files.joined(separator: ", "))"
        }
    }
}
