import EdgeModel
import Foundation

/// The MNIST digits: 60 000 training and 10 000 test images of 28 × 28 grey pixels.
///
/// Reads `train-images-idx3-ubyte(.gz)` and friends from a folder. Uncompressed files are used when
/// present; otherwise the `.gz` files are decompressed (with EdgeModel's `Gzip` unless another
/// `decompress` function is passed).
/// Pixels become floats in `[0, 1]`; images are NHWC `[count, 28, 28, 1]`.
public enum MNIST {
    /// Which part of the dataset.
    public enum Split: String, Sendable, CaseIterable {
        /// The 60 000 training images (`train-*`).
        case train
        /// The 10 000 test images (`t10k-*`).
        case test

        var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    /// Loads one split from `folder`; `limit` keeps only the first examples.
    public static func load(
        _ split: Split, from folder: URL, limit: Int? = nil,
        decompress: (([UInt8]) throws -> [UInt8])? = { try Gzip.decompress($0) }
    ) throws -> Dataset {
        let images = try readIDX(folder: folder, name: "\(split.filePrefix)-images-idx3-ubyte", decompress: decompress)
        let labels = try readIDX(folder: folder, name: "\(split.filePrefix)-labels-idx1-ubyte", decompress: decompress)
        return try dataset(images: images, labels: labels, name: folder.appendingPathComponent(split.filePrefix).path, limit: limit)
    }

    /// Builds a dataset from parsed IDX image and label arrays, checking that they agree.
    public static func dataset(images: IDXFile, labels: IDXFile, name: String = "MNIST", limit: Int? = nil) throws(DatasetError) -> Dataset {
        guard images.shape.count == 3 else { throw .malformed(path: name, reason: "images must have 3 dimensions, got \(images.shape)") }
        guard labels.shape.count == 1 else { throw .malformed(path: name, reason: "labels must have 1 dimension, got \(labels.shape)") }
        guard images.shape[0] == labels.shape[0] else {
            throw .malformed(path: name, reason: "\(images.shape[0]) images but \(labels.shape[0]) labels")
        }
        if let bad = labels.bytes.first(where: { $0 > 9 }) { throw .malformed(path: name, reason: "label \(bad) is not a digit") }
        let count = min(images.shape[0], limit ?? Int.max)
        let (height, width) = (images.shape[1], images.shape[2])
        let pixels = count * height * width
        var scalars = [Float](repeating: 0, count: pixels)
        images.bytes.withUnsafeBufferPointer { source in
            for index in 0..<pixels { scalars[index] = Float(source[index]) * (1 / 255) }
        }
        return Dataset(
            inputs: Tensor(shape: [count, height, width, 1], scalars: scalars),
            labels: labels.bytes.prefix(count).map { Int($0) }, classCount: 10)
    }

    static func readIDX(folder: URL, name: String, decompress: (([UInt8]) throws -> [UInt8])?) throws -> IDXFile {
        let raw = folder.appendingPathComponent(name)
        let compressed = folder.appendingPathComponent(name + ".gz")
        let manager = FileManager.default
        if manager.fileExists(atPath: raw.path) {
            return try IDXFile(parsing: [UInt8](try Data(contentsOf: raw)), name: raw.path)
        }
        guard manager.fileExists(atPath: compressed.path) else {
            throw DatasetError.missingFile(path: compressed.path, hint: "set --data-dir or EDGE_DISTILL_DATA to the folder holding mnist/")
        }
        guard let decompress else {
            throw DatasetError.malformed(path: compressed.path, reason: "no gzip decoder available; decompress the file next to it")
        }
        let bytes: [UInt8]
        do {
            bytes = try decompress([UInt8](try Data(contentsOf: compressed)))
        } catch {
            throw DatasetError.malformed(path: compressed.path, reason: "gzip: \(error)")
        }
        return try IDXFile(parsing: bytes, name: compressed.path)
    }
}
