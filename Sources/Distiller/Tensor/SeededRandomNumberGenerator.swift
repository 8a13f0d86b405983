/// A small, fast, seedable generator (xoshiro256**), seeded through SplitMix64.
///
/// Runs seeded with the same value produce the same numbers on every platform; the state can be
/// saved in a checkpoint and restored.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The four words of generator state.
    public var state: (UInt64, UInt64, UInt64, UInt64) {
        get { (s0, s1, s2, s3) }
        set { (s0, s1, s2, s3) = newValue }
    }
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator whose whole state is derived from `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// Creates a generator for one stream of a run, for example one epoch: the same `(seed, stream)`
    /// always gives the same numbers, and different streams are independent.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Equal when the states are equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.s0 == rhs.s0 && lhs.s1 == rhs.s1 && lhs.s2 == rhs.s2 && lhs.s3 == rhs.s3
    }
}

extension RandomNumberGenerator {
    /// A uniform float in `[0, 1)` from 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A standard normal sample (Box–Muller).
    public mutating func nextStandardNormal() -> Float {
        let u1 = max(nextUnitFloat(), 1e-7)
        let u2 = nextUnitFloat()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * Float.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
