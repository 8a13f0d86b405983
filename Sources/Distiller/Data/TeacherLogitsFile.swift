import EdgeModel
import Foundation

/// Teacher logits computed elsewhere (a PyTorch or TensorFlow teacher) and saved with `numpy.save`
/// as a `[examples, classes]` float array, one row per training example in dataset order.
public enum TeacherLogitsFile {
    /// Loads the logits and checks them against the training set; float64 files are narrowed to float32.
    public static func load(from url: URL, exampleCount: Int, classCount: Int) throws -> Tensor {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DatasetError.missingFile(path: url.path, hint: "teacher logits: save them with numpy.save(path, logits)")
        }
        let array: NumPyArray
        do {
            array = try NumPyArray.load(contentsOf: url)
        } catch let error as NumPyError {
            throw DatasetError.malformed(path: url.path, reason: error.detail)
        } catch {
            throw DatasetError.malformed(path: url.path, reason: "\(error)")
        }
        guard array.elementType == .float32 || array.elementType == .float64 else {
            throw DatasetError.malformed(path: url.path, reason: "teacher logits must be float32 or float64, got \(array.elementType.rawValue)")
        }
        guard array.shape == [exampleCount, classCount] else {
            throw DatasetError.malformed(path: url.path, reason: "teacher logits have shape \(array.shape), expected [\(exampleCount), \(classCount)]")
        }
        let values = array.floats()
        guard values.allSatisfy(\.isFinite) else { throw DatasetError.malformed(path: url.path, reason: "teacher logits contain NaN or infinity") }
        return Tensor(shape: array.shape, scalars: values)
    }

    /// Saves logits as a float32 `.npy` file.
    public static func save(_ logits: Tensor, to url: URL) throws {
        try NumPyArray(float32: logits.scalars, shape: logits.shape).write(to: url)
    }
}
