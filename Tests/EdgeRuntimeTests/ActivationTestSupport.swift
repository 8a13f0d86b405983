import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

/// What the element-wise activation suites share: random quantizations, running a kernel on all 256
/// int8 inputs, one-operator graphs, and patching a written model's parameter words.
enum ActivationHarness {
    typealias Q = TFLMReference.Quantization

    /// The int8 inputs -128...127.
    static let inputs: [Int8] = (-128...127).map { Int8($0) }

    /// A random scale, log-uniform in `10^lower ... 10^upper`, and a random zero point.
    static func quantization(_ random: inout SampleGraphs.Generator, _ lower: Float = -3, _ upper: Float = 0.5) -> Q {
        Q(pow(10, lower + (upper - lower) * random.unit()), Int32(random.integer(in: -128...127)))
    }

    /// Runs a kernel on `inputs` through plain pointers.
    static func run(_ inputs: [Int8] = inputs, _ kernel: (UnsafePointer<Int8>, UnsafeMutablePointer<Int8>, Int) -> Void) -> [Int8] {
        var output = [Int8](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in kernel(x.baseAddress!, y.baseAddress!, inputs.count) }
        }
        return output
    }

    /// A parameter record read from `words`.
    static func decode<Record>(_ words: [Int32], _ read: (ParameterWords) -> Record) -> Record {
        words.withUnsafeBufferPointer { read(ParameterWords(start: $0.baseAddress!, count: $0.count)) }
    }

    /// A one-operator graph `x → kind → y` over `[1, 4, 8]`.
    static func graph(
        _ kind: OperatorKind, _ x: QuantizationParameters = .init(scale: 0.05, zeroPoint: -3),
        _ y: QuantizationParameters = .init(scale: 0.04, zeroPoint: -128), type: ElementType = .int8,
        options: OperatorOptions = .init()
    ) -> Graph {
        let tensors = [x, y].enumerated().map { index, q in
            TensorDescription(name: "t\(index)", shape: [1, 4, 8], elementType: type, quantization: type == .int8 ? q : nil)
        }
        return Graph(
            name: "\(kind.name)", tensors: tensors, operators: [.init(kind: kind, inputs: [0], outputs: [1], options: options)],
            inputs: [0], outputs: [1])
    }

    /// The validation error after setting parameter word `word` of operator 0 to `value`.
    static func error(_ graph: Graph, word: Int, value: Int32) throws -> ModelError? {
        var fixture = try ModelFileFixture(graph)
        fixture.setInt32(value, at: fixture.parameter(0, position: word))
        fixture.fixChecksum()
        return fixture.validationError()
    }

    /// Checks that the written `graph` validates, and that with one parameter word fewer it does not.
    static func expectValidatesAndNeedsEveryWord(_ graph: Graph) throws {
        var fixture = try ModelFileFixture(graph)
        #expect(fixture.validationError() == nil)
        let count = fixture.operatorRecord(0) + ModelFormat.OperatorField.parameterCount
        let written = Int(fixture.word(at: count))
        guard written > 0 else { return }
        fixture.setWord(UInt32(written - 1), at: count)
        fixture.fixChecksum()
        #expect(fixture.validationError() == .wrongParameterCount(operator: 0, expected: written, found: written - 1))
    }

    /// A parameter word and a value outside its range.
    struct HostileWord: Sendable, CustomTestStringConvertible {
        var word: Int
        var value: Int32
        init(_ word: Int, _ value: Int32) {
            self.word = word
            self.value = value
        }
        var testDescription: String { "word \(word) = \(value)" }
    }
}
