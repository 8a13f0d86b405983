import AllocationCounter
import EdgeModel
import EdgeRuntime
#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels
#endif
import Testing
import TestSupport

/// Each application-processor kernel family this host runs (``KernelVariant/x86AVX2`` and, where the
/// CPU has it, ``KernelVariant/x86AVX512VNNI``; ``KernelVariant/arm64NEON``) gives the portable kernels' bytes on
/// random single-operator models: CONV_2D (1×1 and k×k, strides, dilations, SAME and VALID, few and
/// many channels, depths on and off the 16-byte granule), DEPTHWISE_CONV_2D, FULLY_CONNECTED
/// (batches, per-tensor and per-channel), BATCH_MATMUL (adjoints, broadcast batches),
/// TRANSPOSE_CONV (strides up to 3, SAME and VALID), AVERAGE_POOL_2D, MEAN and SUM and element-wise ADD, with zero points at the ends of their
/// range and random scales (``LayerSamples``, edge sizes); on a host without vector kernels they are
/// skipped with a printed reason. The NEON kernels also run these graphs under QEMU
/// (`AArch64FirmwareTests`).
@Suite struct VectorKernelTests {
    /// The families this build holds and this CPU runs, besides the portable one.
    static let variants: [KernelVariant] = {
        let built = KernelVariant.allCases.filter { $0 != .portable && $0.isBuilt }
        for variant in built where !variant.isSupportedByHostCPU {
            print("VectorKernelTests: \(variant.description) is built but this CPU lacks its instructions; not tested here")
        }
        return built.filter(\.isSupportedByHostCPU)
    }()
    /// The fastest of them (what ``KernelVariant/host`` picks), for the tests of threads and workspace.
    static let variant = variants.last ?? .portable

    /// Whether this machine can run a vector variant; prints why not.
    static func available() -> Bool {
        guard variant != .portable else {
            print("VectorKernelTests: skipped, this build or CPU has no vector kernels")
            return false
        }
        return true
    }

    /// Runs `graph` on random inputs with the portable kernels and with the variant; the outputs'
    /// bytes, and whether the variant prepared at least one operator.
    static func outputs(_ graph: Graph, seed: UInt64, variant: KernelVariant = variant, threads: Int = 1) throws
        -> (portable: [UInt8], vector: [UInt8], accelerated: Bool)
    {
        let loaded = try LoadedModel(bytes: ModelWriter().write(graph))
        let portable = try ModelRunner(loaded, kernels: .portable)
        let vector = try ModelRunner(loaded, kernels: variant, threads: threads)
        var random = SampleGraphs.Generator(seed: seed)
        var results: ([UInt8], [UInt8]) = ([], [])
        for _ in 0..<3 {
            let inputs = (0..<loaded.model.inputCount).map { random.bytes(portable.inputBytes($0).count) }
            for (runner, isVector) in [(portable, false), (vector, true)] {
                for (position, input) in inputs.enumerated() { runner.inputBytes(position).copyBytes(from: input) }
                runner.invoke()
                if isVector { results.1 += Array(runner.outputBytes(0)) } else { results.0 += Array(runner.outputBytes(0)) }
            }
        }
        return (results.0, results.1, vector.workspaceBytes > 0)
    }

    /// How many output bytes the variant got wrong (a count, not the arrays: a failure's
    /// description of layer-size outputs takes minutes to print).
    static func differing(_ result: (portable: [UInt8], vector: [UInt8], accelerated: Bool)) -> Int {
        result.portable.count == result.vector.count ? zip(result.portable, result.vector).filter { $0 != $1 }.count : max(result.portable.count, 1)
    }

    /// 120 random graphs of each accelerated kind give the portable kernels' bytes with every
    /// family; every kind but ADD (which needs no workspace) gets a prepared block, MEAN and SUM
    /// where the innermost kept axis is contiguous (some of the samples: a spatial mean).
    @Test(arguments: LayerSamples.vectorKinds)
    func matchesPortable(kind: OperatorKind) throws {
        guard Self.available() else { return }
        for variant in Self.variants {
            var accelerated = 0
            for seed in 1...120 as ClosedRange<UInt64> {
                let result = try Self.outputs(#require(LayerSamples.graph(of: kind, seed: seed)), seed: seed, variant: variant)
                if result.accelerated { accelerated += 1 }
                #expect(result.accelerated || [.add, .mean, .sum].contains(kind), "\(kind.name) seed \(seed) ran its portable kernel (\(variant.description))")
                #expect(Self.differing(result) == 0, "\(kind.name) seed \(seed), \(variant.description)")
            }
            #expect(kind == .add || accelerated > 0, "no \(kind.name) sample took the vector kernel (\(variant.description))")
        }
    }

    /// Convolutions dilated along one axis only (the samples dilate both): a taller dilation keeps
    /// each filter row's bytes in one run, which AVX-512 reads in place over few input channels
    /// (spans); a wider one does not. Every family gives the portable kernels' bytes.
    @Test func convolutionsDilatedAlongOneAxisMatchPortable() throws {
        guard Self.available() else { return }
        var checked = 0
        for seed in 1...80 as ClosedRange<UInt64> {
            var graph = try #require(LayerSamples.graph(of: .conv2D, seed: seed))
            var options = graph.operators[0].options
            guard options.dilationHeight == 1 else { continue }
            let tall = seed % 2 == 0
            let input = graph.tensors[0].shape, filter = graph.tensors[1].shape
            let (side, kernel, stride) = tall ? (input[1], filter[1], options.strideHeight) : (input[2], filter[2], options.strideWidth)
            guard kernel > 1 && side >= 2 * (kernel - 1) + 1 else { continue }
            if tall { options.dilationHeight = 2 } else { options.dilationWidth = 2 }
            let extent = options.padding == .same ? (side + stride - 1) / stride : (side - 2 * (kernel - 1) - 1) / stride + 1
            graph.operators[0].options = options
            graph.tensors[3].shape[tall ? 1 : 2] = extent
            for variant in Self.variants {
                let result = try Self.outputs(graph, seed: seed, variant: variant)
                #expect(Self.differing(result) == 0, "seed \(seed), dilated \(tall ? "down" : "across"), \(variant.description)")
            }
            checked += 1
        }
        #expect(checked >= 10, "only \(checked) samples could be dilated")
    }

    /// ADD, MUL and SQUARED_DIFFERENCE in their broadcasting forms (a bias along the channels, a
    /// per-row offset, a scalar, or same shapes; layer-size and edge-size samples, the operands swapped
    /// on odd seeds so that either may be the broadcast one) give the portable kernels' bytes with
    /// every family: rows the vector kernels take (ADD where both operands are contiguous; MUL and
    /// SQUARED_DIFFERENCE with AVX-512, either one broadcast) and the rest by the portable row loop.
    @Test(arguments: [OperatorKind.add, .mul, .squaredDifference])
    func broadcastingBinaryMatchesPortable(kind: OperatorKind) throws {
        guard Self.available() else { return }
        var broadcasting = 0
        for variant in Self.variants {
            for size in [LayerSamples.Size.layers, .edges] {
                for seed in 1...40 as ClosedRange<UInt64> {
                    var graph = try #require(LayerSamples.graph(of: kind, size: size, seed: seed))
                    if seed % 2 == 1 { graph.operators[0].inputs.swapAt(0, 1) }
                    if graph.tensors[1].shape != graph.tensors[0].shape { broadcasting += 1 }
                    let result = try Self.outputs(graph, seed: seed, variant: variant)
                    #expect(Self.differing(result) == 0, "\(kind.name) seed \(seed) (\(size)), \(variant.description)")
                }
            }
        }
        #expect(broadcasting > 0, "no sample broadcast")
    }

    /// MAX_POOL_2D (AVX-512: sixty-four, sixteen and single channels; windows clipped at the
    /// borders, global windows, fused activations) gives the portable kernels' bytes with every family.
    @Test func maxPoolMatchesPortable() throws {
        guard Self.available() else { return }
        for variant in Self.variants {
            for size in [LayerSamples.Size.layers, .edges] {
                for seed in 1...60 as ClosedRange<UInt64> {
                    let result = try Self.outputs(#require(LayerSamples.graph(of: .maxPool2D, size: size, seed: seed)), seed: seed, variant: variant)
                    #expect(Self.differing(result) == 0, "MAX_POOL_2D seed \(seed) (\(size)), \(variant.description)")
                }
            }
        }
    }

    /// A build holds the portable kernels and its own architecture's families only.
    @Test func eachBuildHoldsItsArchitecturesFamilies() {
        let built = KernelVariant.allCases.filter(\.isBuilt)
        #if arch(x86_64)
        #expect(built == [.portable, .x86AVX2, .x86AVX512VNNI])
        #elseif arch(arm64)
        #expect(built.contains(.arm64NEON) && !built.contains(.x86AVX2))
        #else
        #expect(built == [.portable])
        #endif
    }

    #if arch(x86_64) || arch(arm64)
    /// Both packed layouts put every (column, k) of the padded matrix at its own byte of the same
    /// space, and the pairs layout gives each `smmla` operand two columns' eight `k` side by side:
    /// bytes `8j…8j+7` of the sixteen at a 16-byte boundary are one column's `k` in order, columns
    /// `2p` and `2p+1` of a block. (The kernel itself runs under QEMU: `AArch64FirmwareTests`.)
    @Test(arguments: [(1, 1), (4, 16), (5, 17), (12, 40), (9, 33)])
    func packedLayoutsFillTheirSpaceOnce(columns: Int, depth: Int) {
        let padded = Int8Multiply.paddedDepth(depth)
        let bytes = Int8Multiply.packedBytes(columns: columns, depth: depth)
        let blockColumns = (columns + 3) / 4 * 4
        for layout in [Int8Multiply.Layout.columns, .columnPairs] {
            var seen = Set<Int>()
            for n in 0..<blockColumns {
                for k in 0..<padded { seen.insert(layout.offset(column: n, k: k, paddedDepth: padded)) }
            }
            #expect(seen == Set(0..<bytes), "\(layout) \(columns)×\(depth)")
        }
        for n in 0..<blockColumns {
            for k in 0..<padded {
                let offset = Int8Multiply.Layout.columnPairs.offset(column: n, k: k, paddedDepth: padded)
                let operand = offset / 16, half = offset % 16 / 8
                // Operands of a block run: [k 0-7 of columns 0,1], [k 0-7 of 2,3], [k 8-15 of 0,1], [k 8-15 of 2,3].
                #expect(operand == n / 4 * padded / 4 + k / 16 * 4 + k % 16 / 8 * 2 + n % 4 / 2, "operand of \(n), \(k)")
                #expect(half == n % 2 && offset % 8 == k % 8, "column \(n), k \(k) at \(offset)")
            }
        }
        // `pack` writes the source there and zeros elsewhere.
        let source = (0..<(columns * depth)).map { Int8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        var packed = [Int8](repeating: 99, count: bytes)
        source.withUnsafeBufferPointer { s in
            packed.withUnsafeMutableBufferPointer { Int8Multiply.pack(s.baseAddress!, columns: columns, depth: depth, layout: .columnPairs, into: $0.baseAddress!) }
        }
        var expected = [Int8](repeating: 0, count: bytes)
        for n in 0..<columns {
            for k in 0..<depth { expected[Int8Multiply.Layout.columnPairs.offset(column: n, k: k, paddedDepth: padded)] = source[n * depth + k] }
        }
        #expect(packed == expected)
    }
    #endif

    /// Three threads sharing the convolutions' rows give the same bytes (shares start mid-row and
    /// mid-image; the smallest layers stay on one thread).
    @Test func threadsGiveTheSameBytes() throws {
        guard Self.available() else { return }
        for seed in 1...40 as ClosedRange<UInt64> {
            for graph in [LayerSamples.graph(of: .conv2D, seed: seed)!, LayerSamples.graph(of: .depthwiseConv2D, seed: seed)!] {
                let result = try Self.outputs(graph, seed: seed, threads: 3)
                let differing = zip(result.vector, result.portable).filter { $0 != $1 }.count
                #expect(result.vector.count == result.portable.count && differing == 0, "\(graph.operators[0].kind) seed \(seed), 3 threads: \(differing) bytes differ")
            }
        }
        let big = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let runner = try ModelRunner(big, kernels: Self.variant, threads: 3)
        #expect(runner.threadCount == 3)
        #expect(runner.workspaceBytes > Interpreter.workspaceBytes(for: big.model, kernels: Self.variant))
        runner.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<20 { runner.invoke() }
        #expect(edge_distill_thread_allocation_count() == before, "invoke with worker threads allocated")
    }

    @Test func invokeAllocatesNothingAndWorkspaceIsChecked() throws {
        guard Self.available() else { return }
        let loaded = try LoadedModel(bytes: ModelWriter().write(SampleGraphs.everyOperator()))
        let runner = try ModelRunner(loaded, kernels: Self.variant)
        #expect(runner.kernels == Self.variant)
        runner.invoke()
        let before = edge_distill_thread_allocation_count()
        for _ in 0..<20 { runner.invoke() }
        #expect(edge_distill_thread_allocation_count() == before)

        let needed = Interpreter.workspaceBytes(for: loaded.model, kernels: Self.variant)
        #expect(needed > 0)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.model.arenaBytes, alignment: 16)
        let workspace = UnsafeMutableRawBufferPointer.allocate(byteCount: needed + 16, alignment: 64)
        defer { arena.deallocate(); workspace.deallocate() }
        #expect(throws: ModelError.workspaceTooSmall(required: needed, available: needed - 1)) {
            _ = try Interpreter(model: loaded.model, arena: arena, kernels: Self.variant, workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[0..<(needed - 1)]))
        }
        #expect(throws: ModelError.misalignedBuffer) {
            _ = try Interpreter(model: loaded.model, arena: arena, kernels: Self.variant, workspace: UnsafeMutableRawBufferPointer(rebasing: workspace[16..<(needed + 16)]))
        }
    }
}
