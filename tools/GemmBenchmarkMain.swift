// Driver for tools/bench_gemm.sh: prints GFLOP/s (median of 7 runs) for the teacher's GEMM shapes.
import Foundation

func medianSeconds(_ repeats: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

var generator = SeededRandomNumberGenerator(seed: 7)
print("shape (M x N x K, layouts)            threads  median ms  GFLOP/s")
let cases: [(Int, Int, Int, MatrixLayout, MatrixLayout, String)] = [
    (128, 1200, 784, .normal, .transposed, "forward 784->1200"),
    (128, 1200, 1200, .normal, .transposed, "forward 1200->1200"),
    (1200, 1200, 128, .transposed, .normal, "weight grad 1200x1200"),
    (128, 1200, 1200, .normal, .normal, "input grad 1200"),
    (512, 512, 512, .normal, .normal, "square 512"),
]
for (m, n, k, layoutA, layoutB, name) in cases {
    let a = Tensor.uniform(shape: layoutA == .normal ? [m, k] : [k, m], in: -1...1, using: &generator)
    let b = Tensor.uniform(shape: layoutB == .normal ? [k, n] : [n, k], in: -1...1, using: &generator)
    for pool in [ThreadPool(threadCount: 1), ThreadPool.shared] {
        var c = [Float](repeating: 0, count: m * n)
        let seconds = medianSeconds(7) {
            a.scalars.withUnsafeBufferPointer { ap in b.scalars.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                MatrixMultiplication.multiply(rows: m, columns: n, depth: k, a: ap.baseAddress!, layoutA: layoutA,
                    leadingA: layoutA == .normal ? k : m, b: bp.baseAddress!, layoutB: layoutB,
                    leadingB: layoutB == .normal ? n : k, c: cp.baseAddress!, leadingC: n, pool: pool)
            } } }
        }
        let label = "\(m)x\(n)x\(k) \(name)".padding(toLength: 38, withPad: " ", startingAt: 0)
        print("\(label) \(pool.threadCount)        \(String(format: "%8.2f", seconds * 1000))  \(String(format: "%6.1f", 2.0 * Double(m * n * k) / seconds / 1e9))")
    }
}
