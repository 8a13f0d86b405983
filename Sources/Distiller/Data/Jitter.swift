/// Random translation of images by up to `maximumShift` pixels in each direction, zero-filled,
/// the "±2 px jitter" used when training MNIST teachers.
public struct Jitter: Sendable, Equatable {
    /// The largest shift, in pixels.
    public var maximumShift: Int

    /// Creates the augmentation.
    public init(maximumShift: Int) {
        precondition(maximumShift >= 0, "the shift must not be negative")
        self.maximumShift = maximumShift
    }

    /// Shifts each image of an NHWC batch by its own random `(dy, dx)`.
    public func apply<G: RandomNumberGenerator>(to images: Tensor, using generator: inout G) -> Tensor {
        guard maximumShift > 0 else { return images }
        precondition(images.rank == 4, "jitter needs NHWC images, got \(images.shape)")
        let span = UInt64(2 * maximumShift + 1)
        var shifts: [(Int, Int)] = []
        for _ in 0..<images.batchSize {
            shifts.append((Int(generator.next() % span) - maximumShift, Int(generator.next() % span) - maximumShift))
        }
        return Jitter.shift(images, by: shifts)
    }

    /// Shifts image `i` down by `shifts[i].0` rows and right by `shifts[i].1` columns.
    public static func shift(_ images: Tensor, by shifts: [(Int, Int)]) -> Tensor {
        let (height, width, channels) = (images.shape[1], images.shape[2], images.shape[3])
        var output = Tensor(shape: images.shape)
        images.scalars.withUnsafeBufferPointer { source in
            output.scalars.withUnsafeMutableBufferPointer { destination in
                for (item, (dy, dx)) in shifts.enumerated() {
                    let base = item * height * width * channels
                    for y in max(0, dy)..<min(height, height + dy) {
                        let sourceY = y - dy
                        let xStart = max(0, dx), xEnd = min(width, width + dx)
                        guard xStart < xEnd else { continue }
                        let from = source.baseAddress! + base + (sourceY * width + xStart - dx) * channels
                        let to = destination.baseAddress! + base + (y * width + xStart) * channels
                        to.update(from: from, count: (xEnd - xStart) * channels)
                    }
                }
            }
        }
        return output
    }
}
