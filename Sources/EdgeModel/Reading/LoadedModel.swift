import EdgeRuntime
import Foundation

/// A model file held in a 16-byte aligned buffer that this object owns, with the runtime's
/// validated view of it. The host's way to open an `.edm` file.
public final class LoadedModel: @unchecked Sendable {
    /// The validated model; valid as long as this object lives.
    public let model: Model
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into aligned storage and validates them.
    public init(bytes: [UInt8]) throws(ModelError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: ModelFormat.alignment)
        buffer.copyBytes(from: bytes)
        do {
            model = try Model(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]))
        } catch {
            buffer.deallocate()
            throw error
        }
        storage = buffer
    }

    /// Reads and validates the model file at `url`.
    public convenience init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelFileError.unreadable(path: url.path)
        }
        do {
            try self.init(bytes: [UInt8](data))
        } catch {
            throw ModelFileError.invalid(path: url.path, reason: error)
        }
    }

    deinit { storage.deallocate() }

    /// The model's name.
    public var name: String { String(decoding: model.nameBytes, as: UTF8.self) }

    /// Tensor `index`'s name.
    public func tensorName(_ index: Int) -> String { String(decoding: model.tensor(index).nameBytes, as: UTF8.self) }
}

/// Why a model file could not be opened.
public enum ModelFileError: Error, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String)
    /// The file was read but failed validation.
    case invalid(path: String, reason: ModelError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read model file \(path)"
        case .invalid(let path, let reason): return "\(path): \(reason)"
        }
    }
}
