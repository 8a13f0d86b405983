import Foundation

/// A tiny stand-in for MNIST (raw IDX files in `mnist/`) for command-line tests that must not
/// depend on ../shared: each image is a bright horizontal bar whose row encodes its label.
public enum SyntheticDigits {
    /// Writes `mnist/` with `trainCount` training and `testCount` test images into a new temporary
    /// folder and returns that folder (pass it as `--data-dir`).
    public static func makeDataDirectory(trainCount: Int = 96, testCount: Int = 32) throws -> URL {
        let root = try CommandRunner.temporaryFolder()
        let folder = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var state: UInt64 = 1
        for (prefix, count) in [("train", trainCount), ("t10k", testCount)] {
            var pixels = [UInt8](repeating: 0, count: count * 784)
            var labels: [UInt8] = []
            for item in 0..<count {
                let label = item % 10
                labels.append(UInt8(label))
                for column in 0..<28 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    pixels[item * 784 + (2 + 2 * label) * 28 + column] = UInt8(200 + (state >> 59))
                }
            }
            try Data(idx(dimensions: [count, 28, 28], payload: pixels)).write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(idx(dimensions: [count], payload: labels)).write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        return root
    }

    /// An unsigned-byte IDX file: magic `0x0000 08 <rank>`, big-endian dimensions, then the bytes.
    static func idx(dimensions: [Int], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for dimension in dimensions { bytes += (0..<4).map { UInt8((dimension >> (8 * (3 - $0))) & 0xFF) } }
        return bytes + payload
    }
}
