import EdgeModel
import EdgeRuntime
import Testing
import TestSupport

/// Hostile parameter words of the binary element-wise operators are rejected when the model loads:
/// every word outside its range, and broadcast layouts that do not cover the output or reach
/// outside an input.
@Suite struct BinaryValidationTests {
    /// `first [2,3,4] ⊕ second [3,1] (constant) → [2,3,4]`: layout dimensions `[1,1,1,2,3,4]`, first
    /// strides `[0,0,0,12,4,1]`, second strides `[0,0,0,0,1,0]`.
    func fixture(_ kind: OperatorKind) throws -> ModelFileFixture {
        let q = QuantizationParameters(scale: 0.05, zeroPoint: -7)
        let graph = Graph(
            name: "binary",
            tensors: [
                TensorDescription(name: "a", shape: [2, 3, 4], elementType: .int8, quantization: q),
                TensorDescription(name: "b", shape: [3, 1], elementType: .int8, quantization: q, constantData: [1, 2, 3]),
                TensorDescription(name: "y", shape: [2, 3, 4], elementType: .int8, quantization: q),
            ],
            operators: [OperatorDescription(kind: kind, inputs: [0, 1], outputs: [2])], inputs: [0], outputs: [2])
        return try ModelFileFixture(graph)
    }

    /// The validation error after setting word `position` of the operator to `value`.
    func error(_ kind: OperatorKind, word position: Int, _ value: Int32) throws -> ModelError? {
        try error(kind, words: [(position, value)])
    }

    /// The validation error after setting each `(position, value)`.
    func error(_ kind: OperatorKind, words: [(Int, Int32)]) throws -> ModelError? {
        var fixture = try fixture(kind)
        for (position, value) in words { fixture.setInt32(value, at: fixture.parameter(0, position: position)) }
        fixture.fixChecksum()
        return fixture.validationError()
    }

    func expectRejected(_ kind: OperatorKind, word position: Int, _ value: Int32, at reported: Int? = nil) throws {
        let found = try error(kind, word: position, value)
        guard case .invalidParameter(let op, let word)? = found, op == 0 else {
            Issue.record("\(kind.name) word \(position) = \(value): \(String(describing: found))")
            return
        }
        #expect(word == (reported ?? position), "\(kind.name) word \(position) = \(value)")
    }

    static let kinds: [OperatorKind] = [.add, .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu]

    /// Where each kind's layout starts.
    func layoutWord(_ kind: OperatorKind) -> Int {
        switch kind {
        case .add, .sub: return Add.parameterWords
        case .mul: return Mul.layoutWord
        case .squaredDifference: return SquaredDifference.layoutWord
        case .prelu: return Prelu.layoutWord
        default: return 0
        }
    }

    @Test(arguments: kinds) func writtenModelsAreAccepted(kind: OperatorKind) throws {
        #expect(try fixture(kind).validationError() == nil)
    }

    @Test func wordsOutsideTheirRanges() throws {
        let additive: [(Int, Int32)] = [
            (0, 129), (0, -128), (1, 129), (2, 128), (2, -129), (3, 21), (3, -1), (4, -1), (5, 1), (5, -32),
            (6, Int32.min), (7, 1), (8, -1), (9, 1), (10, -129), (11, 128),
        ]
        for (word, value) in additive {
            try expectRejected(.add, word: word, value)
            try expectRejected(.sub, word: word, value)
        }
        for (word, value) in [(0, 129), (1, -128), (2, 128), (3, -1), (4, 31), (4, -32), (5, -129), (6, 128)] as [(Int, Int32)] {
            try expectRejected(.mul, word: word, value)
        }
        let squared: [(Int, Int32)] = [(0, 129), (1, -128), (2, 128), (3, 8), (3, -1), (4, -1), (5, 1), (6, -1), (7, 1), (8, -1), (9, 31), (9, -32)]
        for (word, value) in squared { try expectRejected(.squaredDifference, word: word, value) }
        for (word, value) in [(0, 129), (1, -128), (2, 128), (3, -1), (4, 31), (5, -1), (6, -32)] as [(Int, Int32)] {
            try expectRejected(.prelu, word: word, value)
        }
        // A clamp whose minimum exceeds its maximum.
        #expect(try error(.add, words: [(10, 100), (11, 99)]) == .invalidParameter(operator: 0, word: 10))
        #expect(try error(.sub, words: [(10, 100), (11, 99)]) == .invalidParameter(operator: 0, word: 10))
        #expect(try error(.mul, words: [(5, 0), (6, -1)]) == .invalidParameter(operator: 0, word: 5))
    }

    @Test(arguments: kinds) func layoutsThatDoNotCoverTheOutputOrReachOutsideAnInput(kind: OperatorKind) throws {
        let l = layoutWord(kind)
        // Dimensions: one below 1, or a product other than the output's 24 elements.
        try expectRejected(kind, word: l, 0)
        try expectRejected(kind, word: l + 5, 5, at: l)
        try expectRejected(kind, word: l + 5, 2, at: l)
        // Strides: negative, or an innermost step other than 0 or 1.
        try expectRejected(kind, word: l + 6 + 3, -12)
        try expectRejected(kind, word: l + 11, 2)
        try expectRejected(kind, word: l + 17, 2)
        // The second input (3 elements) read with a stride along the outer axis: index 3 is outside it.
        try #require(try error(kind, word: l + 12 + 3, 1) != nil)
        // The first input's outer stride doubled: its last index 35 is outside its 24 elements.
        try #require(try error(kind, word: l + 6 + 3, 24) != nil)
        // Swapped dimensions with the same product reach past the first input too.
        guard case .invalidParameter? = try error(kind, words: [(l + 3, 3), (l + 4, 2)]) else {
            Issue.record("\(kind.name): swapped dimensions accepted")
            return
        }
    }

    /// The twelve-word ADD reads its inputs flat: it needs equal element counts.
    @Test func sameShapeAddNeedsEqualCounts() throws {
        var fixture = try fixture(.add)
        let record = fixture.operatorRecord(0) + ModelFormat.OperatorField.parameterCount
        fixture.setWord(UInt32(Add.parameterWords), at: record)
        fixture.fixChecksum()
        guard case .shapeMismatch? = fixture.validationError() else {
            Issue.record("\(String(describing: fixture.validationError()))")
            return
        }
    }

    /// Any other word count is refused.
    @Test(arguments: kinds) func wrongWordCounts(kind: OperatorKind) throws {
        var fixture = try fixture(kind)
        let record = fixture.operatorRecord(0) + ModelFormat.OperatorField.parameterCount
        fixture.setWord(fixture.word(at: record) - 1, at: record)
        fixture.fixChecksum()
        guard case .wrongParameterCount? = fixture.validationError() else {
            Issue.record("\(kind.name): \(String(describing: fixture.validationError()))")
            return
        }
    }
}
