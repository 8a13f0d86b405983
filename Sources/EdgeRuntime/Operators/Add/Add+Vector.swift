#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension Add {
    /// The same result as ``run(_:first:second:output:count:)``, bit for bit, eight elements at a time
    /// (``VectorAdd``; sixteen with AVX-512, ``VectorAddAVX512``), the last few with the element
    /// function of the broadcasting form.
    static func runVector(
        _ p: Parameters, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int,
        kernels: KernelVariant
    ) {
        let constants = VectorAdd.Constants(
            input1Offset: p.input1Offset, input2Offset: p.input2Offset, outputOffset: p.outputOffset, leftShift: p.leftShift,
            input1Multiplier: p.input1Multiplier, input1Shift: p.input1Shift, input2Multiplier: p.input2Multiplier,
            input2Shift: p.input2Shift, outputMultiplier: p.outputMultiplier, outputShift: p.outputShift,
            minimum: p.activation.minimum, maximum: p.activation.maximum)
        let done = kernels.add(constants, first: first, second: second, output: output, count: count)
        for i in done..<count { output[i] = p.combine(p.prepareFirst(first[i]), p.prepareSecond(second[i])) }
    }
}
#endif
