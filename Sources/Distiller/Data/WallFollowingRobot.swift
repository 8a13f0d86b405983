import Foundation

/// The UCI Wall-Following Robot Navigation data: ultrasound distances (24, 4 or 2 per row) and one of
/// four movement commands, as headerless CSV with CRLF line endings.
///
/// Rows are a time series, so the split is by time as the dataset README recommends: rows 0..<4365
/// train, the rest test. Class ids: 0 Move-Forward, 1 Slight-Right-Turn, 2 Sharp-Right-Turn,
/// 3 Slight-Left-Turn.
public enum WallFollowingRobot {
    /// The class names in id order.
    public static let classNames = ["Move-Forward", "Slight-Right-Turn", "Sharp-Right-Turn", "Slight-Left-Turn"]
    /// Rows before this index are the training split.
    public static let trainingRowCount = 4365

    /// Which part of the rows.
    public enum Split: String, Sendable {
        /// Rows `0..<4365`.
        case train
        /// Rows `4365...`.
        case test
        /// A stratified random 80 % of each class (``randomSplitSeed``), in row order.
        case randomTrain
        /// The other 20 %, in row order.
        case randomTest
    }

    /// The seed of the random split: the same rows on every machine.
    public static let randomSplitSeed: UInt64 = 1

    /// Loads `sensor_readings_<sensors>.data` from `folder` and returns one split.
    public static func load(_ split: Split, from folder: URL, sensors: Int = 24) throws -> Dataset {
        guard [2, 4, 24].contains(sensors) else {
            throw DatasetError.malformed(path: folder.path, reason: "sensor count must be 2, 4 or 24, got \(sensors)")
        }
        let url = folder.appendingPathComponent("sensor_readings_\(sensors).data")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DatasetError.missingFile(path: url.path, hint: "set --data-dir or EDGE_DISTILL_DATA to the folder holding wall-following-robot/")
        }
        let all = try parse(String(decoding: data, as: UTF8.self), featureCount: sensors, name: url.path)
        guard all.count > trainingRowCount else {
            throw DatasetError.malformed(path: url.path, reason: "\(all.count) rows, fewer than the \(trainingRowCount) training rows")
        }
        switch split {
        case .train: return all.slice(0..<trainingRowCount)
        case .test: return all.slice(trainingRowCount..<all.count)
        case .randomTrain: return all.stratifiedSplit(testFraction: 0.2, seed: randomSplitSeed).train
        case .randomTest: return all.stratifiedSplit(testFraction: 0.2, seed: randomSplitSeed).test
        }
    }

    /// Parses headerless CSV rows of `featureCount` numbers and a class name (LF or CRLF endings).
    public static func parse(_ text: String, featureCount: Int, name: String = "CSV") throws(DatasetError) -> Dataset {
        var features: [Float] = []
        var labels: [Int] = []
        // "\r\n" is one Character in Swift, so split on newline characters rather than on "\n".
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == featureCount + 1 else {
                throw .malformed(path: name, reason: "line \(index + 1) has \(fields.count) fields, expected \(featureCount + 1)")
            }
            for field in fields.dropLast() {
                guard let value = Float(field), value.isFinite else {
                    throw .malformed(path: name, reason: "line \(index + 1): '\(field)' is not a number")
                }
                features.append(value)
            }
            guard let label = classNames.firstIndex(of: String(fields.last!)) else {
                throw .malformed(path: name, reason: "line \(index + 1): unknown class '\(fields.last!)' (known: \(classNames.joined(separator: ", ")))")
            }
            labels.append(label)
        }
        return Dataset(inputs: Tensor(shape: [labels.count, featureCount], scalars: features), labels: labels, classCount: classNames.count)
    }
}
