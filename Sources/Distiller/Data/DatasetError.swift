/// Why a dataset could not be read; each case prints as one line naming the file and the problem.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// A file the dataset needs does not exist.
    case missingFile(path: String, hint: String)
    /// A file exists but its contents are malformed.
    case malformed(path: String, reason: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .missingFile(let path, let hint): "missing dataset file \(path) (\(hint))"
        case .malformed(let path, let reason): "\(path): \(reason)"
        }
    }
}
