import Foundation
import Testing
import TestSupport
import EdgeModel
@testable import Distiller

@Suite("IDX, MNIST loading, jitter, datasets")
struct DataTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("distiller-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("IDX round-trips and parses big-endian dimensions")
    func idxRoundTrip() throws {
        let file = IDXFile(shape: [2, 3, 300], bytes: (0..<1800).map { UInt8($0 % 256) })
        let bytes = file.serialized()
        #expect(Array(bytes[0..<4]) == [0, 0, 8, 3])
        #expect(Array(bytes[12..<16]) == [0, 0, 1, 44], "300 = 0x012C big-endian")
        #expect(try IDXFile(parsing: bytes) == file)
    }

    @Test("malformed IDX data is rejected with a reason")
    func idxErrors() {
        let good = IDXFile(shape: [2, 2], bytes: [1, 2, 3, 4]).serialized()
        var wrongType = good
        wrongType[2] = 0x0D
        var badMagic = good
        badMagic[0] = 1
        let cases: [([UInt8], String)] = [
            ([0, 0], "too short"), (badMagic, "magic"), (wrongType, "0xd"),
            (Array(good.dropLast()), "needs 16 bytes"), (good + [9], "needs 16 bytes"),
        ]
        for (bytes, expected) in cases {
            do {
                _ = try IDXFile(parsing: bytes, name: "x.idx")
                Issue.record("accepted malformed data expecting '\(expected)'")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(error.description.hasPrefix("x.idx:"))
            }
        }
    }

    @Test("MNIST loads synthetic IDX files: NHWC floats in [0, 1], labels, limit")
    func syntheticMNIST() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 5
        let pixels = (0..<(count * 784)).map { UInt8(($0 * 7) % 256) }
        try Data(IDXFile(shape: [count, 28, 28], bytes: pixels).serialized()).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        try Data(IDXFile(shape: [count], bytes: [3, 1, 4, 1, 5]).serialized()).write(to: folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
        let test = try MNIST.load(.test, from: folder)
        #expect(test.inputs.shape == [5, 28, 28, 1])
        #expect(test.labels == [3, 1, 4, 1, 5])
        #expect(abs(test.inputs[2, 0, 5, 0] - Float(pixels[2 * 784 + 5]) / 255) < 1e-6)
        #expect(test.inputs.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(try MNIST.load(.test, from: folder, limit: 2).labels == [3, 1])
        do {
            _ = try MNIST.load(.train, from: folder)
            Issue.record("loaded a missing split")
        } catch let error as DatasetError {
            #expect(error.description.contains("train-images-idx3-ubyte.gz"))
        }
    }

    @Test("images and labels that disagree are rejected")
    func mismatch() {
        let images = IDXFile(shape: [2, 2, 2], bytes: [UInt8](repeating: 0, count: 8))
        #expect(throws: DatasetError.self) { try MNIST.dataset(images: images, labels: IDXFile(shape: [3], bytes: [1, 2, 3])) }
        #expect(throws: DatasetError.self) { try MNIST.dataset(images: images, labels: IDXFile(shape: [2], bytes: [1, 12])) }
    }

    @Test("jitter moves pixels by the drawn shift, zero-fills, and stays within ±2")
    func jitter() {
        var image = Tensor(shape: [1, 6, 6, 1])
        image[0, 2, 3, 0] = 1
        let shifted = Jitter.shift(image, by: [(1, -2)])
        #expect(shifted[0, 3, 1, 0] == 1 && shifted.scalars.reduce(0, +) == 1)
        #expect(Jitter.shift(image, by: [(4, 0)]).scalars.reduce(0, +) == 0, "shifted out of the frame")
        var generator = SeededRandomNumberGenerator(seed: 3)
        var centre = Tensor(shape: [200, 9, 9, 1])
        for item in 0..<200 { centre[item, 4, 4, 0] = 1 }
        let jittered = Jitter(maximumShift: 2).apply(to: centre, using: &generator)
        var seen = Set<Int>()
        for item in 0..<200 {
            let position = (0..<81).first { jittered.scalars[item * 81 + $0] == 1 }!
            let (y, x) = (position / 9, position % 9)
            #expect(abs(y - 4) <= 2 && abs(x - 4) <= 2)
            seen.insert(position)
        }
        #expect(seen.count == 25, "every shift in ±2 × ±2 occurs")
    }

    @Test("time jitter moves whole frames only, repeats the edge frames, and covers ±3")
    func timeJitter() {
        // Frame y holds the values 10·y + x, so every row says which source frame it came from.
        let frames = Tensor(shape: [1, 8, 3, 1], scalars: (0..<24).map { Float(10 * ($0 / 3) + $0 % 3) })
        let down = Jitter.shiftInTime(frames, by: [2])
        #expect(Array(down.scalars[0..<9]) == [0, 1, 2, 0, 1, 2, 0, 1, 2], "the first frame repeats into the gap")
        #expect(Array(down.scalars[21..<24]) == [50, 51, 52])
        let up = Jitter.shiftInTime(frames, by: [-3])
        #expect(Array(up.scalars[0..<3]) == [30, 31, 32] && Array(up.scalars[15..<24]) == [70, 71, 72, 70, 71, 72, 70, 71, 72])
        var generator = SeededRandomNumberGenerator(seed: 5)
        let batch = Tensor(shape: [100, 8, 3, 1], scalars: (0..<2400).map { Float(10 * (($0 % 24) / 3) + $0 % 3) })
        let jittered = Jitter(maximumShift: 3, style: .time).apply(to: batch, using: &generator)
        var shifts = Set<Int>()
        for item in 0..<100 {
            let row = Array(jittered.scalars[item * 24 + 12..<item * 24 + 15])  // frame 4
            #expect(row[1] == row[0] + 1 && row[2] == row[0] + 2, "coefficients stay in place")
            shifts.insert(4 - Int(row[0]) / 10)
        }
        #expect(shifts == Set(-3...3))
    }

    @Test("shuffles are permutations and repeat with the seed; subsets keep labels")
    func shuffleAndSubset() {
        let dataset = Dataset(inputs: Tensor(shape: [10, 2], scalars: (0..<20).map(Float.init)), labels: Array(0..<10).map { $0 % 3 }, classCount: 3)
        var a = SeededRandomNumberGenerator(seed: 1), b = SeededRandomNumberGenerator(seed: 1)
        let order = dataset.shuffledIndices(using: &a)
        #expect(order.sorted() == Array(0..<10) && order != Array(0..<10))
        #expect(order == dataset.shuffledIndices(using: &b))
        let subset = dataset.subset([7, 2])
        #expect(subset.inputs.scalars == [14, 15, 4, 5] && subset.labels == [1, 2])
        #expect(dataset.classCounts == [4, 3, 3])
    }
}

@Suite("Real data and array files")
struct RealDataTests {
    @Test("MNIST test split from ../shared: 10 000 images, the README's label counts")
    func realMNIST() throws {
        guard let folder = SharedFixtures.path("datasets/mnist", neededBy: "realMNIST") else { return }
        let test = try MNIST.load(.test, from: folder)
        #expect(test.inputs.shape == [10000, 28, 28, 1])
        #expect(test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(test.inputs.scalars.max() == 1 && test.inputs.scalars.min() == 0)
    }

    @Test("teacher logits round-trip through .npy; wrong shapes and types are rejected")
    func teacherLogits() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("logits-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        var generator = SeededRandomNumberGenerator(seed: 1)
        let logits = Tensor.uniform(shape: [7, 3], in: -5...5, using: &generator)
        try TeacherLogitsFile.save(logits, to: url)
        #expect(try TeacherLogitsFile.load(from: url, exampleCount: 7, classCount: 3) == logits)
        #expect(throws: DatasetError.self) { try TeacherLogitsFile.load(from: url, exampleCount: 8, classCount: 3) }
        try NumPyArray(int32: [1, 2], shape: [1, 2]).write(to: url)
        #expect(throws: DatasetError.self) { try TeacherLogitsFile.load(from: url, exampleCount: 1, classCount: 2) }
        try NumPyArray(float64: [1, 2, 3, 4], shape: [2, 2]).write(to: url)
        #expect(try TeacherLogitsFile.load(from: url, exampleCount: 2, classCount: 2).scalars == [1, 2, 3, 4])
        try Data("not numpy".utf8).write(to: url)
        let error = #expect(throws: DatasetError.self) { try TeacherLogitsFile.load(from: url, exampleCount: 2, classCount: 2) }
        #expect(error?.description == "\(url.path): not a .npy file: it does not start with \\x93NUMPY")
        let batch = Batch(inputs: Tensor(shape: [2, 1]), labels: [], indices: [1, 0])
        #expect(TeacherSource.precomputedLogits(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])).logits(for: batch)[0].scalars == [3, 4, 1, 2])
    }
}

@Suite("Wall-following robot CSV")
struct WallFollowingTests {
    @Test("CRLF rows parse into features and class ids; bad rows are rejected with the line number")
    func parse() throws {
        let text = "0.5,1.25,Move-Forward\r\n2,3,Slight-Left-Turn\r\n"
        let data = try WallFollowingRobot.parse(text, featureCount: 2)
        #expect(data.inputs == Tensor(shape: [2, 2], scalars: [0.5, 1.25, 2, 3]))
        #expect(data.labels == [0, 3])
        for (bad, reason) in [("1,2\r\n", "line 1 has 2 fields"), ("1,x,Move-Forward\r\n", "'x' is not a number"), ("1,2,Reverse\r\n", "unknown class 'Reverse'")] {
            do {
                _ = try WallFollowingRobot.parse("0,0,Move-Forward\r\n" + bad, featureCount: 2)
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.description.contains(reason.replacingOccurrences(of: "line 1", with: "line 2")), "\(error.description)")
            }
        }
    }

    @Test("the real 24-sensor file splits by time into 4365 and 1091 rows with all four classes")
    func realData() throws {
        guard let folder = SharedFixtures.path("datasets/wall-following-robot", neededBy: "wall-following realData") else { return }
        let train = try WallFollowingRobot.load(.train, from: folder)
        let test = try WallFollowingRobot.load(.test, from: folder)
        #expect(train.inputs.shape == [4365, 24] && test.inputs.shape == [1091, 24])
        let counts = zip(train.classCounts, test.classCounts).map { $0 + $1 }
        #expect(counts == [2205, 826, 2097, 328])
        #expect(test.classCounts.allSatisfy { $0 > 0 })
        #expect(try WallFollowingRobot.load(.test, from: folder, sensors: 4).inputs.scalars.allSatisfy { $0 <= 5 })
    }
}
