// EdgeDistill firmware entry (Embedded Swift): validates the embedded model, then runs every
// embedded input row and prints each output through startup.c. Marker calls bracket `invoke()` and
// each operator so the instruction-counting QEMU plugin can attribute executed instructions.
// An image built with a speech front-end file instead runs the front-end over the embedded int16
// samples, one hop per row, each hop bracketed like an `invoke()`.


@_extern(c, "edge_marker_invoke_begin") func markerInvokeBegin()
@_extern(c, "edge_marker_invoke_end") func markerInvokeEnd()
@_extern(c, "edge_marker_operator_begin") func markerOperatorBegin(_ index: Int32)
@_extern(c, "edge_marker_operator_end") func markerOperatorEnd(_ index: Int32)
@_extern(c, "edge_report_output") func reportOutput(_ row: Int32, _ bytes: UnsafeRawPointer, _ count: Int32)
@_extern(c, "edge_report_error") func reportError(_ code: Int32)
@_extern(c, "edge_report_tensor") func reportTensor(_ op: Int32, _ bytes: UnsafeRawPointer, _ count: Int32)

/// Calls the plugin's marker functions around each operator; an image built with
/// `-D EDGE_DUMP_OPERATORS` also reports every operator's outputs after it ran (outside its markers).
struct MarkerObserver: OperatorObserver {
    let interpreter: Interpreter

    mutating func willRun(operator index: Int, kind: OperatorKind) { markerOperatorBegin(Int32(truncatingIfNeeded: index)) }
    mutating func didRun(operator index: Int, kind: OperatorKind) {
        markerOperatorEnd(Int32(truncatingIfNeeded: index))
        #if EDGE_DUMP_OPERATORS
        let record = interpreter.model.operatorRecord(index)
        for position in 0..<record.outputCount {
            let bytes = interpreter.bytes(ofTensor: record.output(position))
            reportTensor(Int32(truncatingIfNeeded: index), bytes.baseAddress!, Int32(truncatingIfNeeded: bytes.count))
        }
        #endif
    }
}

/// Runs `rows` input rows laid end to end at `inputs` (a row: every input tensor's bytes, in order) over one arena per memory
/// region the plan uses (region 0's, then regions 1-3's), with the kernel family `kernels` (a
/// ``KernelVariant`` raw value; a workspace of `workspaceBytes` beside the arena for the vector
/// families); returns 0, or 1 when the model, arena, workspace or kernels are rejected. With a
/// front-end file (`frontEndBytes > 0`) it runs ``frontEndMain`` instead.
@_cdecl("edge_firmware_main")
func firmwareMain(
    model: UnsafeRawPointer, modelBytes: Int32, inputs: UnsafeRawPointer, rows: Int32,
    arena: UnsafeMutableRawPointer, arenaBytes: Int32, arena1: UnsafeMutableRawPointer, arena1Bytes: Int32,
    arena2: UnsafeMutableRawPointer, arena2Bytes: Int32, arena3: UnsafeMutableRawPointer, arena3Bytes: Int32,
    workspace: UnsafeMutableRawPointer, workspaceBytes: Int32, kernels: Int32,
    frontEnd: UnsafeRawPointer, frontEndBytes: Int32
) -> Int32 {
    if frontEndBytes > 0 {
        return frontEndMain(
            file: UnsafeRawBufferPointer(start: frontEnd, count: Int(frontEndBytes)), samples: inputs.assumingMemoryBound(to: Int16.self),
            hops: Int(rows), scratch: UnsafeMutableRawBufferPointer(start: arena, count: Int(arenaBytes)),
            output: UnsafeMutableRawBufferPointer(start: workspace, count: Int(workspaceBytes)))
    }
    let interpreter: Interpreter
    do {
        guard let variant = KernelVariant(rawValue: UInt8(truncatingIfNeeded: kernels)), variant.isBuilt else {
            reportError(2)
            return 1
        }
        let validated = try Model(bytes: UnsafeRawBufferPointer(start: model, count: Int(modelBytes)))
        interpreter = try Interpreter(
            model: validated,
            arenas: Arenas(
                UnsafeMutableRawBufferPointer(start: arena, count: Int(arenaBytes)), UnsafeMutableRawBufferPointer(start: arena1, count: Int(arena1Bytes)),
                UnsafeMutableRawBufferPointer(start: arena2, count: Int(arena2Bytes)), UnsafeMutableRawBufferPointer(start: arena3, count: Int(arena3Bytes))),
            kernels: variant,
            workspace: UnsafeMutableRawBufferPointer(start: workspace, count: Int(workspaceBytes)))
    } catch {
        reportError(1)
        return 1
    }
    // A row is every input's bytes in input order; its report is every output's, in output order.
    var rowStart = inputs
    for row in 0..<Int(rows) {
        for index in 0..<interpreter.model.inputCount {
            let input = interpreter.inputBytes(index)
            input.copyMemory(from: UnsafeRawBufferPointer(start: rowStart, count: input.count))
            rowStart += input.count
        }
        var observer = MarkerObserver(interpreter: interpreter)
        markerInvokeBegin()
        interpreter.invoke(observer: &observer)
        markerInvokeEnd()
        for index in 0..<interpreter.model.outputCount {
            let output = interpreter.outputBytes(index)
            reportOutput(Int32(truncatingIfNeeded: row), output.baseAddress!, Int32(truncatingIfNeeded: output.count))
        }
    }
    return 0
}

/// Runs the front-end over `hops` hops of the samples (hop `h` starts at sample `h · hopSamples`) and
/// reports each hop's int8 features as that row's output; 1 when the file or buffers are rejected.
func frontEndMain(
    file: UnsafeRawBufferPointer, samples: UnsafePointer<Int16>, hops: Int, scratch: UnsafeMutableRawBufferPointer,
    output: UnsafeMutableRawBufferPointer
) -> Int32 {
    let frontEnd: AudioFrontEnd
    let hopSamples: Int
    do {
        let parsed = try AudioFrontEndFile(bytes: file)
        guard output.count >= parsed.shape.coefficients else {
            reportError(3)
            return 1
        }
        frontEnd = try AudioFrontEnd(shape: parsed.shape, tables: parsed.tables, scratch: scratch)
        hopSamples = parsed.hopSamples
    } catch {
        reportError(1)
        return 1
    }
    let features = output.baseAddress!.assumingMemoryBound(to: Int8.self)
    for hop in 0..<hops {
        markerInvokeBegin()
        frontEnd.features(of: samples + hop * hopSamples, into: features)
        markerInvokeEnd()
        reportOutput(Int32(truncatingIfNeeded: hop), UnsafeRawPointer(features), Int32(truncatingIfNeeded: frontEnd.shape.coefficients))
    }
    return 0
}
