// Fuzzes the TFLite importer (`TFLiteImporter.importGraph(from:name:)`): the flatbuffer reader, the
// schema tables, tensor and operator conversion. A graph the importer accepts is then planned and
// written as `.edm` (as `edge-distill import` does), and a file the writer produces must pass the
// runtime's validator: an import that succeeds and writes a model the runtime refuses is a bug too.
import EdgeModel
import EdgeRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let graph = try? TFLiteImporter.importGraph(from: bytes(data, size), name: "fuzz") else { return 0 }
    guard let file = try? ModelWriter().write(graph) else { return 0 }
    do {
        _ = try LoadedModel(bytes: file)
    } catch {
        fatalError("the importer and writer produced a model the validator rejects: \(error)")
    }
    return 0
}
