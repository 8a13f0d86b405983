/// A dense float32 array with a shape, stored row-major (the last dimension varies fastest).
///
/// Images are NHWC, like the runtime: `[batch, height, width, channels]`.
public struct Tensor: Sendable, Equatable {
    /// Dimensions, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count` equals the product of `shape`.
    public var scalars: [Float]

    /// Creates a tensor of the given shape filled with one value.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a tensor from its shape and row-major elements.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) scalars")
        self.shape = shape
        self.scalars = scalars
    }

    /// Number of elements.
    public var count: Int { scalars.count }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The size of the first dimension (the batch for activations).
    public var batchSize: Int { shape.first ?? 1 }

    /// Elements per item of the first dimension.
    public var itemSize: Int { shape.count <= 1 ? 1 : shape.dropFirst().reduce(1, *) }

    /// The same elements seen with another shape of equal element count.
    public func reshaped(to newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Reads or writes the element at a multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
        var flat = 0
        for (position, dimension) in zip(index, shape) {
            precondition(position >= 0 && position < dimension, "index \(index) out of bounds for \(shape)")
            flat = flat * dimension + position
        }
        return flat
    }

    /// Rows `range` of the first dimension, as a new tensor.
    public func items(_ range: Range<Int>) -> Tensor {
        let size = itemSize
        var newShape = shape
        newShape[0] = range.count
        return Tensor(shape: newShape, scalars: Array(scalars[(range.lowerBound * size)..<(range.upperBound * size)]))
    }

    /// A tensor with random values drawn uniformly from `range`.
    public static func uniform<G: RandomNumberGenerator>(
        shape: [Int], in range: ClosedRange<Float>, using generator: inout G
    ) -> Tensor {
        var tensor = Tensor(shape: shape)
        for index in tensor.scalars.indices { tensor.scalars[index] = Float.random(in: range, using: &generator) }
        return tensor
    }

    /// A tensor with normally distributed random values.
    public static func normal<G: RandomNumberGenerator>(
        shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout G
    ) -> Tensor {
        var tensor = Tensor(shape: shape)
        for index in tensor.scalars.indices {
            tensor.scalars[index] = mean + standardDeviation * generator.nextStandardNormal()
        }
        return tensor
    }

    /// The sum of squares of the elements.
    public var squaredNorm: Float {
        var sum: Float = 0
        for value in scalars { sum += value * value }
        return sum
    }

    /// The index of the largest element of each item (for classification outputs `[batch, classes]`).
    public func argmaxPerItem() -> [Int] {
        let size = itemSize
        return (0..<batchSize).map { item in
            var best = 0
            var bestValue = -Float.infinity
            for index in 0..<size where scalars[item * size + index] > bestValue {
                bestValue = scalars[item * size + index]
                best = index
            }
            return best
        }
    }
}
