/// A 256-entry table of an int8 → int8 function, four entries per parameter word (entry `v + 128`
/// is the output for input `v`, byte `k` of the table at byte `k` of its words), that an element-wise
/// operator with one int8 input carries after its own words. The writer fills it by running the
/// operator's reference kernel on every input; validation runs the reference kernel again on every
/// input and refuses a file whose table differs, so the table is the reference kernel, only faster
/// (a load per value instead of the fixed-point arithmetic).
public enum ByteTable {
    /// Words of a table.
    public static let wordCount = 64

    /// The words of the table of `function`.
    public static func words(_ function: (Int8) -> Int8) -> [Int32] {
        (0..<wordCount).map { word in
            var bits: UInt32 = 0
            for byte in 0..<4 {
                let entry = UInt32(UInt8(bitPattern: function(Int8(truncatingIfNeeded: 4 * word + byte - 128))))
                bits |= entry << (8 * UInt32(byte))
            }
            return Int32(bitPattern: bits)
        }
    }

    /// Entry `value + 128` of the table at `start`.
    @inline(__always)
    static func entry(_ start: UnsafePointer<Int32>, _ value: Int8) -> Int8 {
        UnsafeRawPointer(start).load(fromByteOffset: Int(value) &+ 128, as: Int8.self)
    }

    /// `output[i] = table[input[i]]` over `count` values.
    @inline(__always)
    static func run(_ start: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        let table = UnsafeRawPointer(start)
        for i in 0..<count { output[i] = table.load(fromByteOffset: Int(input[i]) &+ 128, as: Int8.self) }
    }

    /// Checks that the table at word `start` gives `reference(v)` for every int8 `v`.
    static func validate(_ check: OperatorValidation, at start: Int, reference: (Int8) -> Int8) throws(ModelError) {
        for value in Int8.min...Int8.max {
            let word = start + (Int(value) + 128) / 4
            let stored = Int8(truncatingIfNeeded: check.record.parameter(word) >> (8 * Int32((Int(value) + 128) % 4)))
            guard stored == reference(value) else { throw .invalidParameter(operator: check.index, word: word) }
        }
    }
}
