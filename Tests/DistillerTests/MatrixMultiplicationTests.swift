import Testing
@testable import Distiller

@Suite("Blocked SIMD GEMM")
struct MatrixMultiplicationTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (5, 7, 3), (6, 16, 1), (7, 17, 9), (13, 33, 31), (37, 1, 300), (70, 50, 257), (150, 90, 130),
    ]

    @Test("matches the naive triple loop on odd sizes, every layout")
    func matchesNaive() {
        var generator = SeededRandomNumberGenerator(seed: 1)
        for (rows, columns, depth) in Self.shapes {
            for layoutA in [MatrixLayout.normal, .transposed] {
                for layoutB in [MatrixLayout.normal, .transposed] {
                    let a = Tensor.uniform(shape: layoutA == .normal ? [rows, depth] : [depth, rows], in: -1...1, using: &generator)
                    let b = Tensor.uniform(shape: layoutB == .normal ? [depth, columns] : [columns, depth], in: -1...1, using: &generator)
                    let fast = MatrixMultiplication.multiply(a, layoutA, b, layoutB)
                    let naive = MatrixMultiplication.naiveMultiply(a, layoutA, b, layoutB)
                    #expect(fast.shape == [rows, columns])
                    let worst = zip(fast.scalars, naive.scalars).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst <= 1e-4 * Float(depth).squareRoot() + 1e-5, "\(rows)x\(columns)x\(depth) \(layoutA) \(layoutB): error \(worst)")
                }
            }
        }
    }

    @Test("accumulate adds to C, and strided sub-matrices are respected")
    func accumulateAndStrides() {
        var generator = SeededRandomNumberGenerator(seed: 2)
        let (rows, columns, depth) = (9, 20, 11)
        let a = Tensor.uniform(shape: [rows, depth + 3], in: -1...1, using: &generator)
        let b = Tensor.uniform(shape: [depth, columns + 5], in: -1...1, using: &generator)
        var c = [Float](repeating: 2, count: rows * (columns + 1))
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    MatrixMultiplication.multiply(
                        rows: rows, columns: columns, depth: depth, a: aBuffer.baseAddress!, leadingA: depth + 3,
                        b: bBuffer.baseAddress!, leadingB: columns + 5, c: cBuffer.baseAddress!, leadingC: columns + 1,
                        accumulate: true)
                }
            }
        }
        for i in 0..<rows {
            for j in 0..<columns {
                var expected: Float = 2
                for p in 0..<depth { expected += a.scalars[i * (depth + 3) + p] * b.scalars[p * (columns + 5) + j] }
                #expect(abs(c[i * (columns + 1) + j] - expected) < 1e-4)
            }
            #expect(c[i * (columns + 1) + columns] == 2, "the padding column must stay untouched")
        }
    }

    @Test("the result does not depend on the thread count")
    func deterministicAcrossThreads() {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let a = Tensor.uniform(shape: [97, 300], in: -1...1, using: &generator)
        let b = Tensor.uniform(shape: [300, 45], in: -1...1, using: &generator)
        var single = Tensor(shape: [97, 45])
        var pooled = Tensor(shape: [97, 45])
        let pool = ThreadPool(threadCount: 3)
        for (target, usedPool) in [(0, nil as ThreadPool?), (1, pool)] {
            var result = Tensor(shape: [97, 45])
            a.scalars.withUnsafeBufferPointer { aBuffer in
                b.scalars.withUnsafeBufferPointer { bBuffer in
                    result.scalars.withUnsafeMutableBufferPointer { cBuffer in
                        MatrixMultiplication.multiply(
                            rows: 97, columns: 45, depth: 300, a: aBuffer.baseAddress!, leadingA: 300,
                            b: bBuffer.baseAddress!, leadingB: 45, c: cBuffer.baseAddress!, leadingC: 45, pool: usedPool)
                    }
                }
            }
            if target == 0 { single = result } else { pooled = result }
        }
        #expect(single == pooled)
    }
}

@Suite("Thread pool")
struct ThreadPoolTests {
    @Test("every index is visited exactly once, repeatedly")
    func visitsEveryIndex() {
        let pool = ThreadPool(threadCount: 3)
        for round in 0..<200 {
            let count = 1 + round % 37
            let visits = UnsafeMutablePointer<Int>.allocate(capacity: count)
            visits.initialize(repeating: 0, count: count)
            pool.forEachRange(count) { range in for index in range { visits[index] += 1 } }
            #expect((0..<count).allSatisfy { visits[$0] == 1 })
            visits.deallocate()
        }
    }

    @Test("a loop started inside a loop body runs serially instead of deadlocking")
    func nestedLoops() {
        let pool = ThreadPool(threadCount: 2)
        let total = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        total.initialize(repeating: 0, count: 2)
        pool.runParts(2) { part in
            pool.forEachRange(10) { range in total[part] += range.count }
        }
        #expect(total[0] + total[1] == 20)
        total.deallocate()
    }
}
