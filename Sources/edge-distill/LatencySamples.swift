import EdgeModel
import EdgeRuntime

/// Wall-clock latencies of repeated runs, in microseconds, sorted: what `bench`, `demo` and
/// `profile` report.
struct LatencySamples {
    /// The samples, smallest first.
    let sortedMicroseconds: [Double]

    /// Times `iterations` calls of `body`.
    init(iterations: Int, _ body: () -> Void) {
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations { samples.append(Self.microseconds(clock.measure(body))) }
        sortedMicroseconds = samples.sorted()
    }

    /// How long a warm-up lasts at least. On the development VM a process's first few hundred
    /// milliseconds run slower, by a third to a half: `bench` of ResNet-8 with 10 untimed runs gave
    /// medians of 155–158 µs in 8 of 14 processes (118–120 in the rest), with half a second of
    /// them 118–120 µs in 13 of 14 (interleaved, 2026-12-07).
    static let minimumWarmUp = Duration.milliseconds(500)

    /// Calls `body` at least `iterations` times and for at least ``minimumWarmUp``.
    static func warmUp(iterations: Int, _ body: () -> Void) {
        let clock = ContinuousClock()
        let start = clock.now
        var done = 0
        while done < iterations || clock.now - start < minimumWarmUp {
            body()
            done += 1
        }
    }

    /// Wraps samples that were measured elsewhere.
    init(microseconds samples: [Double]) {
        sortedMicroseconds = samples.sorted()
    }

    /// A duration in microseconds.
    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    /// The `q` quantile (0 = min, 0.5 = median, 1 = max), nearest rank.
    func quantile(_ q: Double) -> Double {
        sortedMicroseconds[min(sortedMicroseconds.count - 1, Int(q * Double(sortedMicroseconds.count - 1) + 0.5))]
    }

    /// The median.
    var median: Double { quantile(0.5) }
}

extension Interpreter {
    /// Fills every graph input with the same pseudo-random bytes (a 64-bit LCG from a fixed seed),
    /// so timings do not depend on a data file and are repeatable.
    func fillInputsWithPseudoRandomBytes() {
        var state: UInt64 = 0x1234_5678
        for position in 0..<model.inputCount {
            let input = inputBytes(position)
            for i in 0..<input.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                input[i] = UInt8(truncatingIfNeeded: state >> 56)
            }
        }
    }
}

extension ModelRunner {
    /// Fills every input with the pseudo-random bytes `bench`, `profile` and `firmware` use.
    func fillInputsWithPseudoRandomBytes() { interpreter.fillInputsWithPseudoRandomBytes() }
}
