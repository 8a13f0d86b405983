// EdgeDistill firmware entry (Embedded Swift): validates the embedded model, then runs every
// embedded input row and prints each output through startup.c. Marker calls bracket `invoke()` and
// each operator so the instruction-counting QEMU plugin can attribute executed instructions.


@_extern(c, "edge_marker_invoke_begin") func markerInvokeBegin()
@_extern(c, "edge_marker_invoke_end") func markerInvokeEnd()
@_extern(c, "edge_marker_operator_begin") func markerOperatorBegin(_ index: Int32)
@_extern(c, "edge_marker_operator_end") func markerOperatorEnd(_ index: Int32)
@_extern(c, "edge_report_output") func reportOutput(_ row: Int32, _ bytes: UnsafeRawPointer, _ count: Int32)
@_extern(c, "edge_report_error") func reportError(_ code: Int32)

/// Calls the plugin's marker functions around each operator.
struct MarkerObserver: OperatorObserver {
    mutating func willRun(operator index: Int, kind: OperatorKind) { markerOperatorBegin(Int32(truncatingIfNeeded: index)) }
    mutating func didRun(operator index: Int, kind: OperatorKind) { markerOperatorEnd(Int32(truncatingIfNeeded: index)) }
}

/// Runs `rows` inputs laid end to end at `inputs`; returns 0, or 1 when the model or arena is rejected.
@_cdecl("edge_firmware_main")
func firmwareMain(
    model: UnsafeRawPointer, modelBytes: Int32, inputs: UnsafeRawPointer, rows: Int32,
    arena: UnsafeMutableRawPointer, arenaBytes: Int32
) -> Int32 {
    let interpreter: Interpreter
    do {
        let validated = try Model(bytes: UnsafeRawBufferPointer(start: model, count: Int(modelBytes)))
        interpreter = try Interpreter(model: validated, arena: UnsafeMutableRawBufferPointer(start: arena, count: Int(arenaBytes)))
    } catch {
        reportError(1)
        return 1
    }
    let input = interpreter.inputBytes(0)
    for row in 0..<Int(rows) {
        input.copyMemory(from: UnsafeRawBufferPointer(start: inputs + row * input.count, count: input.count))
        var observer = MarkerObserver()
        markerInvokeBegin()
        interpreter.invoke(observer: &observer)
        markerInvokeEnd()
        let output = interpreter.outputBytes(0)
        reportOutput(Int32(truncatingIfNeeded: row), output.baseAddress!, Int32(truncatingIfNeeded: output.count))
    }
    return 0
}
