import EdgeRuntime
import Foundation
import Testing
@testable import EdgeModel

/// Inputs that crashed a parser under the libFuzzer harnesses in tools/fuzz (docs/RELIABILITY.md);
/// each must now be refused with an error.
@Suite("Fuzzing regressions: .npy, .npz, archives, TFLite")
struct FuzzRegressionTests {
    /// A `.npy` file of format 2.0 (32-bit header length) with `header` as its header.
    static func npy(header: [UInt8]) -> [UInt8] {
        [0x93] + Array("NUMPY".utf8) + [2, 0] + (0..<4).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header
    }

    /// A shape of 200 000 nested opening brackets overflowed the stack of the recursive header parser
    /// (AddressSanitizer: stack-overflow in NumPyHeader.parseValue); nesting is now bounded.
    @Test func deeplyNestedHeaderIsRefused() throws {
        let header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': ".utf8) + [UInt8](repeating: UInt8(ascii: "("), count: 200_000) + [UInt8(ascii: "}")]
        let error = #expect(throws: NumPyError.self) { try NumPyArray(npyBytes: Self.npy(header: header)) }
        #expect(error?.description.contains("nested deeper") == true)
        // Nesting within the limit still parses as far as the shape check.
        let nested = Array("{'descr': '<f4', 'fortran_order': False, 'shape': ((2,),), }".utf8)
        #expect(throws: NumPyError.self) { try NumPyArray(npyBytes: Self.npy(header: nested)) }
    }

    /// fuzz-tflite: a RESIZE_BILINEAR whose output tensor has height 0 imported, and writing it as
    /// `.edm` trapped with "Division by zero" computing the 10-bit scale (`edge-distill import`
    /// crashed). The writer now refuses empty heights and widths (its tensor check, session 10, names
    /// the empty dimension first). (The crashing 888-byte input.)
    @Test func resizeBilinearToAnEmptyImage() throws {
        let encoded =
            "IAAAAFRGTDMAAAAAFAAgABwAGAAUABAADAAAAAgABAAUAAAAHAAAABwAAAB0AAAAQAEAAFABAAAcAwAAAwAAAAAAAAACAAAANAAA" +
            "AAQAAADc////BQAAAAQAAAATAAAAQ09OVkVSU0lPTl9NRVRBREFUQQAIAAwECAAACAAAAAAEAAQAAAAAABMAAABtaW5fcnVudGlt" +
            "ZV92ZXJzaW9uAAYAAADIAAAAwAAAAKgAAACYAAAAdAAAAAQAAABu////BAAAAGAAAAAMAAAACAAOAAgABAAIAAAAEAAAACgAAAAA" +
            "AAYACAAEAAYAAAAEAAAAAQAAAOsDAAAMABgAFAAQAAwABAAMAAAADZIhihtzGRsDAAAAAgAAAAQAAAAGAAAAMi4yMS4wAADa////" +
            "BAAAABAAAAAxLjE0LjAAAAAAAAAAAAAABAAGAAQAAAAAAAYACAAEAAYAAAAEAAAACAAAAAMAAAABAAAAuP7//7z+//8PAAAATUxJ" +
            "UiBDb252ZXJ0ZWQuAAEAAAAUAAAAAAAOABgAFAAQAAwACAAEAA4AAAAUAAAAHAAAAGwAAABwAAAAdAAAAAQAAABtYWluAAAAAAEA" +
            "AAAUAAAAAAAOABYAAAAQAAwACwAEAA4AAAAcAAAAAAAADxwAAAAgAAAAAAAKAAgAAAAAAAcACgAAAAAAAAEBAAAAAgAAAAIAAAAA" +
            "AAAAAQAAAAEAAAACAAAAAQAAAAAAAAADAAAAyAAAAGgAAAAEAAAAWv///wAAAAEUAAAAMAAAAAMAAAAAAAAJNAAAAET///8IAAAA" +
            "EAAAAAEAAAB/AAAAAAAAAAEAAAAsWV49CAAAAElkZW50aXR5AAAAAAQAAAABAAAA/QAAAQAAAAAAAAMAuv///wAAAAEYAAAAGAAA" +
            "AAIAAAAAAAACJAAAAAQABAAEAAAAEwAAAFJlc2l6ZUJpbGluZWFyL3NpemUAAQAAAAIAAAAAABYAHAAYABcAEAAMAAgAAAAAAAAA" +
            "BwAWAAAAAAAAASAAAAA8AAAAAQAAAAAAAAk4AAAADAAMAAAIAAAAAAQADAAAAAgAAAAQAAAAAQAAAH8AAAAAAAAAAQAAACxZXj0C" +
            "AAAAeDAAAAQAAAABAAAABAAAAAEAAAADAAAAAQAAABAAAAAMABAADwAAAAgABAAMAAAAFwAAAAIAAAAAAAAX"
        let bytes = try #require(Data(base64Encoded: encoded).map { [UInt8]($0) })
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "fuzz")
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(error?.description.contains("has a dimension below 1") == true, "\(String(describing: error))")
    }

    /// fuzz-tflite (session 9, after about 123,000 executions): a pooling whose output is far larger
    /// than its input got a SAME padding past `Int32.max`, and narrowing it to a parameter word trapped
    /// with "Not enough bits to represent the passed value" (`edge-distill import` crashed). The writer
    /// now checks every window's strides, dilations, filter sides and padding against what the runtime
    /// accepts, for pooling, convolutions and TRANSPOSE_CONV. (The crashing 808-byte input.)
    @Test func poolingPaddingBeyondInt32() throws {
        let encoded =
            "HAAAAFRGTDMUACAAHAAYABQAEAAMAAAACAAEABQAAAAcAAAAHAAAAHQAAAAoAQAAOAEAANACAAADAAAAAAAAAAIAAAA0AAAABAAA" +
            "ANz///8EAAAABAAAABMAAABDT05WRVJTSU9OX01FVEFEQVRBAAgADAAIAAQACAAAAAMAAAAEAAAAEwAAAG1pbl9ydW50aW1lX3Zl" +
            "cnNpb24ABQAAALAAAACkAAAAnAAAAHwAAAAEAAAAkv///wQAAABgAAAADAAAAAgADgAIAAQACAAAABAAAAAoAAAAAAAGAAgABAAG" +
            "AAAABAAAAAEAAADrAwAADAAYABQAEAAMAAQADAAAANRwHmBeG9gEAwAAAAIAAAAEAAAABgAAADIuMjEuMAAAAAAGAAgABAAGAAAA" +
            "BAAAABAAAAAxLjE0LjAAAAAAAAAAAAAA+P////z///8EAAQABAAAAA8AAABNTElSIENvbnZlcnRlZC4AAQAAABQAAAAAAA4AGAAU" +
            "ABAADAAIAAQADgAAABQAAAAcAAAAfAAAAIAAAACEAAAABAAAAG1haW4AAAAAAQAAABQAAAAAAA4AFgAAABAADAALAAQADgAAACAA" +
            "AAAAAAAFMAAAADQAAAAAAA4AGAAWABAADAAIAAQADgAAAAIAAAAEAAAAAQAAQAMAAAAAAAABAQAAAAEAAAABAAAAAAAAAAEAAAAB" +
            "AAAAAQAAAAAAAAACAAAAhAAAAAQAAACa////AAAAARQAAAA0AAAAAgAAAAAAAAk4AAAAhP///wgAAAAUAAAAAQAAAAAAAAAAAAAA" +
            "AAAAAAEAAABo+Uw+CAAAAElkZW50aXR5AAAAAAQAAAABAIAACAAAAAIAAAAIAAAAAAAWABwAGAAXABAADAAIAAAAAAAAAAcAFgAA" +
            "AAAAAAEgAAAAPAAAAAEAAAAAAAAJOAAAAAwADAAAAAAACAAEAAwAAAAIAAAAEAAAAAEAAAAAAAAAAAAAAAEAAABo+Uw+AgAAAHgw" +
            "AAAEAAAAAQAAAAkAAAAIAAAACAAAAAEAAAAQAAAADAAQAA8AAAAIAAQADAAAABEAAAACAAAAAAAAEQ=="
        let bytes = try #require(Data(base64Encoded: encoded).map { [UInt8]($0) })
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "fuzz")
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(error?.description.contains("reaches past") == true || error?.description.contains("outside") == true, "\(String(describing: error))")
    }

    /// fuzz-tflite (session 9, run 4, after about 256,000 executions): a reduction over a shape whose
    /// strides pass `Int32.max` trapped narrowing them to parameter words ("Not enough bits to
    /// represent the passed value"). The layout is now refused, and the writer names it.
    @Test func reductionStridesBeyondInt32() {
        #expect(ReductionLayout.words(inputShape: [3, 50_000, 50_000], axes: [0]) == nil)
        #expect(ReductionLayout.words(inputShape: [3, 50, 50], axes: [0]) != nil)
    }

    /// fuzz-tflite (session 10, after about 120,000 executions of a run on the grown corpus): a
    /// DEPTHWISE_CONV_2D with a fused RELU6 and an output scale of 2.7e-44 (subnormal) trapped
    /// converting `6 / scale`, infinite, to an integer for the activation range ("Float value cannot
    /// be converted to Int64"), so `edge-distill import` crashed. The range now saturates; the same
    /// mutated file also made the filter an activation, which the writer now names. Scales that are
    /// zero, negative, infinite or NaN are refused where an operator reads them. (The crashing
    /// 1,744-byte input.)
    @Test func activationRangeOfAnInvalidScale() throws {
        let encoded =
            "HAAAAFRGTDMUACAAHAAYABQAEAAMAAAACAAEABQAAAAcAAAAHAAAAHQAAAAwAgAAQAIAAHgGAAADAAAAAAAAAAIAAAA0AAAABAAA" +
            "ANz///8GAAAABAAAABMAAABDT05WRVJTSU9OX01FVEFEQVRBAAgADAAIAAQACAAAAAUAAAAEAAAAEwAAAG1pbl9ydW50aW1lX3Zl" +
            "cnNpb24ABwAAALgBAACsAQAAVAEAAJgAAACUAAAAdAAAAAQAAADG/v//BAAAAGAAAAAMAAAACAAOAAgABAAIAAAAEAAAACgAAAAA" +
            "AAYACAAEAAYAAAAEAAAAAQAAAOsDAAAMABgAFAAQAAwABAAMAAAAMOmmbju0XLADAAAAAgAAAAQAAAAGAAAAMi4yMS4wAAAy////" +
            "BAAAABAAAAAxLjE0LjAAAAAAAAAAAAAA8P7//1L///8EAAAAogAAAM8HfwoNdf9Cx1PBQoFKjIH3f8577Mn+OSnZtVWxxJtw3dq6" +
            "ykTvBTsZzbctf+aBgcbOf70JPRUaLc0/HNAGA0PLDsESAuv4uyvn5Lt/f8wDyH+JCioPl8rmGIHc+VALiCiPLCs8J+dMPDYTzAzi" +
            "HH8N1s1/Fjgns8NAS9/MxgzM3jwZrIEsvbpj+SJ/wuJ/8JV/VW+FCxvWPHEp7Bf607KRcAYACAAEAAYAAAAEAAAASAAAANXs///k" +
            "AQAAYQMAAL8+//8KXv//4Wv//1v9//9MDgAAWg8AALLH//+bEwAAyK3//7P4//+79v//DAcAACcUAABV+///xx0AAPz///8EAAQA" +
            "BAAAAA8AAABNTElSIENvbnZlcnRlZC4AAQAAABQAAAAAAA4AGAAUABAADAAIAAQADgAAABQAAAAcAAAAhAAAAIgAAACMAAAABAAA" +
            "AG1haW4AAAAAAQAAABQAAAAAAA4AFAAAABAADAALAAQADgAAACAAAAAAAAACMAAAADQAAAAQABgAAAAUABAADAALAAQAEAAAAAIA" +
            "AAAAAAADAwAAAAEAAAABAAAAAQAAAAMAAAADAAAAAAAAAAIAAAABAAAAAQAAAAMAAAABAAAAAAAAAAQAAAAcAwAAzAEAAIAAAAAE" +
            "AAAACv3//wAAAAEUAAAAMAAAAAQAAAAAAAAJNAAAAPT8//8IAAAAEAAAAAEAAACA/////////wEAAAATAAAAAAAAAElkZW50aXR5" +
            "AAAAAAQAAAABAAAACgAAAAEAAAASAAAAAAAWAB4AGAAXABAADAAIAAAAAAAAAAcAFgAAAAAAAAEoAAAAGAEAAAMAAAAAAAAJHAEA" +
            "AAAAEgAQAAAAAAAMAAgAAAAAAAQAEgAAAAMAAAAIAAAAnAAAABIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEgAAABsJ6zpk6uo69VlgO7ZS6Dh6y0I5hC/7OIfMnToMNKo6" +
            "v2urOiHqZzhPYE444HbKOGB/OzsIRh07ssoOOzDQATqzR9g57lEtOgkAAABkZXB0aHdpc2UAAAAEAAAAAQAAAAMAAAADAAAAEgAA" +
            "AMr+//8AAAABFAAAAAABAAACAAAAAAAAAhQBAAC0/v//CAAAAJwAAAASAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABIAAACAcFY4elRWOAixzDj09lM2mrmxNp0sZTaX+A84" +
            "1kkbODlmHDiJl9M1oEq8NfK4ODYzEas44X2POGpHgjge4Gw311NFN80hnjcbAAAAUmVsdTY7YWRkO2RlcHRod2lzZTtDb25zdF8x" +
            "AAEAAAASAAAAAAAWABwAGAAXABAADAAIAAAAAAAAAAcAFgAAAAAAAAEgAAAAPAAAAAEAAAAAAAAJOAAAAAwADAAAAAAACAAEAAwA" +
            "AAAIAAAAEAAAAAEAAAB/AAAAAAAAAAEAAAAYkek8AgAAAHgwAAAEAAAAAQAAAAoAAAABAAAABgAAAAEAAAAQAAAADAAQAA8AAAAI" +
            "AAQADAAAAAQAAAADAAAAAAAABA=="
        let bytes = try #require(Data(base64Encoded: encoded).map { [UInt8]($0) })
        var graph = try TFLiteImporter.importGraph(from: bytes, name: "fuzz")
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(error?.description.contains("must be a constant") == true, "\(String(describing: error))")
        graph.tensors[3].quantization = QuantizationParameters(scale: .nan, zeroPoint: 0)
        let nan = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(nan?.description.contains("scales must be positive and finite") == true, "\(String(describing: nan))")
        // A valid but subnormal scale puts 6 / scale at infinity: the range saturates.
        let parameters = OperatorParameters(graph: Graph(name: "", tensors: [], operators: [], inputs: [], outputs: []))
        let range = parameters.activationRange(.relu6, output: QuantizationParameters(scale: 1e-40, zeroPoint: 100))
        #expect(range.minimum == 100 && range.maximum == 127)
    }

    /// fuzz-tflite (session 10, run 6, after about 471,000 executions): a SPLIT of a scalar (rank 0)
    /// along axis 0 trapped forming the range of the dimensions after the axis ("Range requires
    /// lowerBound <= upperBound"). Axes now lie inside the rank for every operator that takes one
    /// (CONCATENATION, SPLIT, SPLIT_V, PACK, UNPACK, GATHER): a scalar has none. (The crashing
    /// 1,480-byte input.)
    @Test func splitOfAScalar() throws {
        let encoded =
            "HAAAAFRGTDMUACAAHAAYABQAEAAMAAAACAAEABQAAAAcAAAAHAAAAHQAAABwAQAAgAEAAFQFAAADAAAAAAAAAAIAAAA0AAAABAAA" +
            "ANz///8KAAAABAAAABMAAABDT05WRVJTSU9OX01FVEFEQVRBAAgADAAIAAQACAAAAAkAAAAEAAAAEwAAAG1pbl9ydW50aW1lX3Zl" +
            "cnNpb24ACwAAAPgAAADwAAAA3AAAALwAAAC0AAAArAAAAKQAAACcAAAAlAAAAHQAAAAEAAAAqv7//wQAAABgAAAADAAAAAgADgAI" +
            "AAQACAAAABAAAAAoAAAAAAAGAAgABAAGAAAABAAAAAEAAADrAwAADAAYABQAEAAMAAQADAAAAKlC1sy08msVAwAAAAIAAAAEAAAA" +
            "BgAAADIuMjEuMAAAFv///wQAAAAQAAAAMS4xNC4wAAAAAAAAAAAJAGT8//9o/P//bPz//3D8//90/P//Rv///wQAAAAQAAAABAAA" +
            "AAQAAAABAAAAAgAAAGL///8EAAAABAAAAAAAAACk/P//qPz//w8AAABNTElSIENvbnZlcnRlZC4AAQAAABQAAAAAAA4AGAAUABAA" +
            "DAAIAAQADgAAABQAAAAcAAAAqAAAALgAAAC8AAAABAAAAG1haW4AAAAAAgAAAGwAAAAUAAAAAAAOABoAFAAQAAwACwAEAA4AAAAc" +
            "AAAAAAAAIxwAAAAsAAAAAQAAAAAABgAIAAQABgAAAAQAAAAEAAAABAAAAAUAAAAGAAAABwAAAAIAAAABAAAAAwAAAAAACgAMAAAA" +
            "CAAEAAoAAAAIAAAADAAAAAMAAAADAAAAAgAAAAAAAAACAAAABAAAAAQAAAAFAAAABgAAAAcAAAABAAAAAAAAAAgAAACMAgAANAIA" +
            "APQBAACUAQAAMAEAAMwAAABoAAAABAAAAKr9//8AAAABFAAAADAAAAAIAAAAAAAACTQAAACU/f//CAAAABAAAAABAAAAfwAAAAAA" +
            "AAABAAAAcS6oPAoAAABJZGVudGl0eV8zAAAEAAAAAQAAAAQAAAABAAAAAgAAAAr+//8AAAABFAAAADAAAAAHAAAAAAAACTQAAAD0" +
            "/f//CAAAABAAAAABAAAAfwAAAAAAAAABAAAAcS6oPAoAAABJZGVudGl0eV8yAAAEAAAAAQAAAAQAAAABAAAAAgAAAGr+//8AAAAB" +
            "FAAAADAAAAAGAAAAAAAACTQAAABU/v//CAAAABAAAAABAAAAfwAAAAAAAAABAAAAcS6oPAoAAABJZGVudGl0eV8xAAAEAAAAAQAA" +
            "AAQAAAABAAAAAgAAAMr+//8AAAABFAAAADAAAAAFAAAAAAAACTQAAAC0/v//CAAAABAAAAABAAAAfwAAAAAAAAABAAAAcS6oPAgA" +
            "AABJZGVudGl0eQAAAAAEAAAAAQAAAAQAAAABAAAAAgAAACr///8AAAABFAAAADAAAAAEAAAAAAAACc4AAAAU////CAAAABAAAAAB" +
            "AAAAfwAAAAAAAAABAAAAcS6oPAcAAABSZXNoYXBlAAQAAAAEAAAABAAAAAEAAAACAAAAhv///wAAAAEUAAAAFAAAAAMAAAAAAAAC" +
            "HAAAAMT///8OAAAAYXJpdGguY29uc3RhbnQAAAEAAAAEAAAAwv///wAAAAEYAAAAGAAAAAIAAAAAAAACIAAAAAQABAAEAAAADwAA" +
            "AHNwbGl0L3NwbGl0X2RpbQAAAAAAAAAWABwAGAAXABAADAAIAAAAAAAAAAcAFgAAAAAAAAEgAAAAQAAAAAEAAAAAAAAJPAAAAAwA" +
            "DAAAAAAACAAEAAwAAAAIAAAAFAAAAAEAAAB/AAAAAAAAAAAAAAABAAAAcS6oPAIAAAB4MAAAAgAAAAEAAAAgAAAAAgAAADAAAAAQ" +
            "AAAADAAQAA8AAAAIAAQADAAAADEAAAACAAAAAAAAMQwADAALAAAAAAAEAAwAAAAWAAAAAAAAFg=="
        let bytes = try #require(Data(base64Encoded: encoded).map { [UInt8]($0) })
        let graph = try TFLiteImporter.importGraph(from: bytes, name: "fuzz")
        let error = #expect(throws: ModelWriterError.self) { try ModelWriter().write(graph) }
        #expect(error?.description.contains("(SPLIT): axis 0 is outside rank 0") == true, "\(String(describing: error))")
    }
}
