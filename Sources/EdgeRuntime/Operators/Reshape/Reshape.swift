/// RESHAPE: the same bytes under another shape. The planner places the output on the input's
/// bytes, so nothing moves; a copy happens only when a plan keeps them apart.
public enum Reshape {
    /// Copies `byteCount` bytes from `input` to `output` unless they are the same address.
    public static func run(input: UnsafeRawPointer, output: UnsafeMutableRawPointer, byteCount: Int) {
        if UnsafeRawPointer(output) != input { output.copyMemory(from: input, byteCount: byteCount) }
    }
}
