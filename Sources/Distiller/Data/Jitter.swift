/// Random translation of images by up to `maximumShift` pixels in each direction, zero-filled,
/// the "±2 px jitter" used when training MNIST teachers; or, for spectrogram-like inputs (frames ×
/// coefficients), a shift in time only that repeats the first or last frame.
public struct Jitter: Sendable, Equatable {
    /// How an example moves.
    public enum Style: Sendable, Equatable {
        /// Rows and columns, the uncovered pixels zero.
        case image
        /// Rows (frames) only, the uncovered frames copies of the nearest edge frame — silence
        /// stays silence, and cepstral coefficients never trade places.
        case time
    }

    /// The largest shift, in pixels or frames.
    public var maximumShift: Int
    /// How examples move.
    public var style: Style

    /// Creates the augmentation.
    public init(maximumShift: Int, style: Style = .image) {
        precondition(maximumShift >= 0, "the shift must not be negative")
        self.maximumShift = maximumShift
        self.style = style
    }

    /// Shifts each image of an NHWC batch by its own random `(dy, dx)`.
    public func apply<G: RandomNumberGenerator>(to images: Tensor, using generator: inout G) -> Tensor {
        guard maximumShift > 0 else { return images }
        precondition(images.rank == 4, "jitter needs NHWC images, got \(images.shape)")
        let span = UInt64(2 * maximumShift + 1)
        var shifts: [(Int, Int)] = []
        for _ in 0..<images.batchSize {
            switch style {
            case .image: shifts.append((Int(generator.next() % span) - maximumShift, Int(generator.next() % span) - maximumShift))
            case .time: shifts.append((Int(generator.next() % span) - maximumShift, 0))
            }
        }
        switch style {
        case .image: return Jitter.shift(images, by: shifts)
        case .time: return Jitter.shiftInTime(images, by: shifts.map(\.0))
        }
    }

    /// Shifts example `i` down by `shifts[i]` rows, each uncovered row a copy of the nearest row.
    public static func shiftInTime(_ images: Tensor, by shifts: [Int]) -> Tensor {
        let (height, rowSize) = (images.shape[1], images.shape[2] * images.shape[3])
        var output = Tensor(shape: images.shape)
        images.scalars.withUnsafeBufferPointer { source in
            output.scalars.withUnsafeMutableBufferPointer { destination in
                for (item, shift) in shifts.enumerated() {
                    let base = item * height * rowSize
                    for y in 0..<height {
                        let sourceY = min(max(y - shift, 0), height - 1)
                        (destination.baseAddress! + base + y * rowSize).update(from: source.baseAddress! + base + sourceY * rowSize, count: rowSize)
                    }
                }
            }
        }
        return output
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
