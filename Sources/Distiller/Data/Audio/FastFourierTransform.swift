import Foundation

/// An in-place iterative radix-2 complex FFT of one power-of-two length, with its twiddle factors
/// computed once; enough for speech feature frames.
public struct FastFourierTransform: Sendable {
    /// The transform length.
    public let count: Int
    private let cosines: [Float]
    private let sines: [Float]

    /// Prepares a transform of `count` points (a power of two).
    public init(count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "FFT length must be a power of two")
        self.count = count
        cosines = (0..<max(count / 2, 1)).map { Float(cos(-2 * Double.pi * Double($0) / Double(count))) }
        sines = (0..<max(count / 2, 1)).map { Float(sin(-2 * Double.pi * Double($0) / Double(count))) }
    }

    /// Replaces `(real, imaginary)` by its discrete Fourier transform `X[k] = Σ x[n]·e^(−2πi·kn/N)`.
    public func transform(real: inout [Float], imaginary: inout [Float]) {
        precondition(real.count == count && imaginary.count == count, "FFT input length differs from the plan")
        real.withUnsafeMutableBufferPointer { real in
            imaginary.withUnsafeMutableBufferPointer { imaginary in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        transform(real: real, imaginary: imaginary, cosines: cosines, sines: sines)
                    }
                }
            }
        }
    }

    private func transform(
        real: UnsafeMutableBufferPointer<Float>, imaginary: UnsafeMutableBufferPointer<Float>,
        cosines: UnsafeBufferPointer<Float>, sines: UnsafeBufferPointer<Float>
    ) {
        var target = 0
        for index in 0..<count {
            if index < target {
                real.swapAt(index, target)
                imaginary.swapAt(index, target)
            }
            var bit = count >> 1
            while bit > 0 && target & bit != 0 {
                target ^= bit
                bit >>= 1
            }
            target |= bit
        }
        var length = 2
        while length <= count {
            let (half, step) = (length / 2, count / length)
            for offset in stride(from: 0, to: count, by: length) {
                for k in 0..<half {
                    let (cosine, sine) = (cosines[k * step], sines[k * step])
                    let (even, odd) = (offset + k, offset + k + half)
                    let productReal = real[odd] * cosine - imaginary[odd] * sine
                    let productImaginary = real[odd] * sine + imaginary[odd] * cosine
                    real[odd] = real[even] - productReal
                    imaginary[odd] = imaginary[even] - productImaginary
                    real[even] += productReal
                    imaginary[even] += productImaginary
                }
            }
            length <<= 1
        }
    }
}
