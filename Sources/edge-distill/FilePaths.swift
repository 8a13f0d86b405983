import Foundation

/// The files a command reads and writes, checked before it does any work, so that a bad path is
/// one line and an exit status 2 rather than a half-finished run:
///
/// - every input exists, is a regular file (not a folder) and is readable;
/// - every output's folder exists, is a folder and is writable, and the output is not a folder;
/// - no output is an input, nor another output: paths are compared by device and inode when the file
///   exists (so symbolic links, hard links and relative paths are all caught), else by the resolved
///   folder and name.
struct FilePaths {
    /// A path and what it is, for messages (such as "model" or "--input").
    struct Named {
        let path: String
        let role: String
    }

    private var inputs: [Named] = []
    private var outputs: [Named] = []

    /// An empty set of paths.
    init() {}

    /// Adds an input file; `nil` (an option that was not given) is ignored.
    mutating func input(_ path: String?, _ role: String) {
        if let path { inputs.append(Named(path: path, role: role)) }
    }

    /// Adds every regular file in `folder` as an input (a dataset folder), when the folder exists.
    mutating func inputs(inFolder folder: URL, _ role: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { inputs.append(Named(path: path, role: role)) }
        }
    }

    /// Adds an output file; `nil` is ignored.
    mutating func output(_ path: String?, _ role: String) {
        if let path { outputs.append(Named(path: path, role: role)) }
    }

    /// Throws a ``UsageError`` naming the first bad path.
    func check() throws {
        for input in inputs { try Self.checkInput(input) }
        var seen: [(Named, Identity)] = inputs.compactMap { input in Identity(input.path).map { (input, $0) } }
        let inputCount = seen.count
        for output in outputs {
            try Self.checkOutput(output)
            guard let identity = Identity(output.path) else { continue }
            if let (index, other) = seen.enumerated().first(where: { $0.element.1 == identity }).map({ ($0.offset, $0.element.0) }) {
                let kind = index < inputCount ? "input" : "output"
                throw UsageError("\(output.role) \(output.path) is the same file as the \(kind) \(other.path) (\(other.role)); writing it would destroy that \(kind), choose another path")
            }
            seen.append((output, identity))
        }
    }

    static func checkInput(_ input: Named) throws {
        var info = stat()
        guard stat(input.path, &info) == 0 else {
            let path = input.path.isEmpty ? "''" : input.path
            throw UsageError(errno == ENOENT ? "\(input.role) \(path) not found" : "\(input.role) \(path) cannot be read: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw UsageError("\(input.role) \(input.path) is a folder, not a file") }
        guard access(input.path, R_OK) == 0 else { throw UsageError("\(input.role) \(input.path) cannot be read: \(String(cString: strerror(errno)))") }
    }

    static func checkOutput(_ output: Named) throws {
        guard !output.path.isEmpty else { throw UsageError("\(output.role) is an empty path") }
        var info = stat()
        if output.path.hasSuffix("/") || (stat(output.path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR) {
            throw UsageError("\(output.role) \(output.path) is a folder; name a file")
        }
        let folder = URL(fileURLWithPath: output.path).deletingLastPathComponent().path
        guard stat(folder, &info) == 0 else { throw UsageError("output folder \(folder) does not exist (\(output.role) \(output.path))") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw UsageError("\(folder) is not a folder (\(output.role) \(output.path))") }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw UsageError("output folder \(folder) is not writable (\(output.role) \(output.path)): \(String(cString: strerror(errno)))")
        }
    }

    /// Which file a path names: its device and inode when it exists, else its resolved folder and name.
    enum Identity: Equatable {
        case file(device: UInt64, inode: UInt64)
        case path(String)

        /// `nil` when neither the file nor its folder exists.
        init?(_ path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                self = .file(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                return
            }
            let url = URL(fileURLWithPath: path)
            guard let folder = realpath(url.deletingLastPathComponent().path, nil) else { return nil }
            defer { free(folder) }
            self = .path(String(cString: folder) + "/" + url.lastPathComponent)
        }
    }
}

/// Writes `data` to `url` atomically: a temporary file in the same folder, then a rename, so a
/// failure never leaves a half-written file behind.
func writeAtomically(_ data: Data, to url: URL) throws {
    try writeAllAtomically([(data, url)])
}

/// Writes several files all or none: every file first goes to a temporary file beside it, and only
/// when all are written are they renamed into place (a failure removes the temporary files).
func writeAllAtomically(_ files: [(data: Data, url: URL)]) throws {
    var temporaries: [URL] = []
    defer { for temporary in temporaries { try? FileManager.default.removeItem(at: temporary) } }
    for (data, url) in files {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        temporaries.append(temporary)
        do { try data.write(to: temporary) } catch { throw UsageError("cannot write \(url.path): \(CommandLineTool.oneLine(error))") }
    }
    for ((_, url), temporary) in zip(files, temporaries) {
        // rename(2) replaces an existing file atomically; Foundation's replaceItemAt on Linux can fail
        // half-way and lose the file it was meant to replace.
        guard rename(temporary.path, url.path) == 0 else { throw UsageError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
    }
    temporaries.removeAll()
}
