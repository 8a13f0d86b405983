#if arch(x86_64)
import EdgeModel
import EdgeRuntime
@testable import EdgeAVX512Kernels
import EdgeVectorKernels
import Testing
import TestSupport

/// The AVX-512 kernels. The VNNI product against its definition, `Σₖ (A[m][k] + 128)·B[n][k]`, on every tail of
/// its loops: one to three rows (one row takes four blocks at a time, more rows two), one to nine
/// blocks, depths on and off the sixteen-byte granule, bytes at both ends of the int8 range.
/// The 32-channel depthwise accumulation against the AVX2 one on every depth up to 80 (the 32-lane
/// loop, then the tails of 16, 8 and single channels), clipped windows and both offset extremes.
/// Its indirect form (rows in scattered sixteen-byte pieces) against the contiguous one; the
/// sixteen-column layout's product against its definition, in one piece and scattered. The
/// sixteen-lane requantization and ADD against the AVX2 kernels (ADD on every input pair too), and the requantization's single
/// rounding against TFLM's two at and beside every rounding tie; the depthwise tap pairs and the
/// product over spans (runs of windows, six rows and three) against their definitions; neighbouring depthwise pixels
/// side by side against one at a time.
/// Skipped with a printed reason on a CPU without AVX-512 VNNI.
@Suite struct AVX512KernelTests {
    @Test func matchesItsDefinition() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512 VNNI")
            return
        }
        var random = SystemRandomNumberGenerator()
        func byte() -> Int8 { Self.byte(using: &random) }
        for depth in [1, 15, 16, 17, 40, 64, 200] {
            for columns in [1, 4, 5, 8, 12, 13, 20, 33, 36] {
                let padded = Int8Multiply.paddedDepth(depth)
                let weights = (0..<(columns * depth)).map { _ in byte() }
                let rows = (0..<(3 * padded)).map { _ in byte() }
                let blocks = (columns + 3) / 4
                let packed = UnsafeMutablePointer<Int8>.allocate(capacity: Int8Multiply.packedBytes(columns: columns, depth: depth))
                defer { packed.deallocate() }
                weights.withUnsafeBufferPointer { Int8Multiply.pack($0.baseAddress!, columns: columns, depth: depth, layout: .columns, into: packed) }
                for rowCount in 1...3 {
                    let stride = blocks * 4 + 3
                    var output = [Int32](repeating: 7, count: 3 * stride)
                    rows.withUnsafeBufferPointer { a in
                        output.withUnsafeMutableBufferPointer { c in
                            let base = a.baseAddress!
                            Int8MultiplyVNNI.multiply(
                                rowCount: rowCount, base, base + padded, base + 2 * padded, paddedDepth: padded, packed: packed,
                                blocks: blocks, output: c.baseAddress!, outputStride: stride)
                        }
                    }
                    for m in 0..<3 {
                        for n in 0..<stride {
                            guard m < rowCount, n < columns else {
                                // Past the columns of the last block: written or not, never past the block; past the rows: untouched.
                                if m >= rowCount || n >= blocks * 4 { #expect(output[m * stride + n] == 7, "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)] written") }
                                continue
                            }
                            var expected: Int32 = 0
                            for k in 0..<depth { expected &+= (Int32(rows[m * padded + k]) + 128) &* Int32(weights[n * depth + k]) }
                            // The bytes past the depth meet zero weights, whatever they hold.
                            #expect(output[m * stride + n] == expected, "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)]")
                        }
                    }
                }
            }
        }
    }

    /// Rows read in sixteen-byte pieces from scattered places (the indirect convolution) give the
    /// products of the same rows in one piece, on every row count and block tail.
    @Test func scatteredRowsMatchContiguousRows() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512 VNNI")
            return
        }
        var random = SystemRandomNumberGenerator()
        for depth in [16, 48, 144, 272] {
            let chunks = depth / 16
            for columns in [1, 4, 7, 8, 16, 33] {
                let weights = (0..<(columns * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
                let rows = (0..<(3 * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
                // Each row's pieces at distinct random slots of a larger buffer, in a random order.
                let slotCount = 3 * chunks + 5
                var slots = Array((0..<slotCount).shuffled(using: &random).prefix(3 * chunks))
                var scattered = (0..<(slotCount * 16)).map { _ in Int8.random(in: .min ... .max, using: &random) }
                var offsets = [Int32](repeating: 0, count: 3 * chunks)
                for m in 0..<3 {
                    for j in 0..<chunks {
                        let slot = slots.removeFirst()
                        for b in 0..<16 { scattered[slot * 16 + b] = rows[m * depth + j * 16 + b] }
                        offsets[m * chunks + j] = Int32(slot * 16 - m * 16)  // from row m's base, scattered + 16·m
                    }
                }
                let blocks = (columns + 3) / 4
                let packed = UnsafeMutablePointer<Int8>.allocate(capacity: Int8Multiply.packedBytes(columns: columns, depth: depth))
                defer { packed.deallocate() }
                weights.withUnsafeBufferPointer { Int8Multiply.pack($0.baseAddress!, columns: columns, depth: depth, layout: .columns, into: packed) }
                for rowCount in 1...3 {
                    let stride = blocks * 4
                    var contiguous = [Int32](repeating: 0, count: 3 * stride), indirect = contiguous
                    rows.withUnsafeBufferPointer { a in
                        contiguous.withUnsafeMutableBufferPointer { c in
                            let base = a.baseAddress!
                            Int8MultiplyVNNI.multiply(
                                rowCount: rowCount, base, base + depth, base + 2 * depth, paddedDepth: depth, packed: packed,
                                blocks: blocks, output: c.baseAddress!, outputStride: stride)
                        }
                    }
                    scattered.withUnsafeBufferPointer { a in
                        offsets.withUnsafeBufferPointer { o in
                            indirect.withUnsafeMutableBufferPointer { c in
                                let (base, table) = (a.baseAddress!, o.baseAddress!)
                                Int8MultiplyVNNI.multiply(
                                    rowCount: rowCount, base, base + 16, base + 32, offsets: table, table + chunks, table + 2 * chunks,
                                    paddedDepth: depth, packed: packed, blocks: blocks, output: c.baseAddress!, outputStride: stride)
                            }
                        }
                    }
                    for m in 0..<rowCount {
                        for n in 0..<columns {
                            #expect(indirect[m * stride + n] == contiguous[m * stride + n], "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)]")
                        }
                    }
                }
            }
        }
    }

    /// The sixteen-column layout's product against its definition, `Σₖ (A[m][k] + 128)·B[n][k]`, on
    /// every tail: one to three rows, one to nine blocks of sixteen (tiles of four, three, two and
    /// one), depths on and off the granule; exactly `columns` values written per row, read in one
    /// piece and in scattered pieces.
    @Test func sixteenColumnsMatchTheirDefinition() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512 VNNI")
            return
        }
        var random = SystemRandomNumberGenerator()
        func byte() -> Int8 { Self.byte(using: &random) }
        #expect(Int8MultiplyVNNIColumns.suits(columns: 64, paddedDepth: 576) && !Int8MultiplyVNNIColumns.suits(columns: 16, paddedDepth: 144))
        #expect(Int8MultiplyVNNIColumns.suits(columns: 16, paddedDepth: 32) && !Int8MultiplyVNNIColumns.suits(columns: 8, paddedDepth: 16))
        for depth in [1, 15, 16, 27, 40, 80, 144] {
            for columns in [1, 8, 13, 16, 17, 33, 48, 64, 65, 70, 130] {
                let padded = Int8Multiply.paddedDepth(depth), chunks = padded / 16
                let weights = (0..<(columns * depth)).map { _ in byte() }
                let rows = (0..<(3 * padded)).map { _ in byte() }
                let packed = UnsafeMutablePointer<Int8>.allocate(capacity: Int8MultiplyVNNIColumns.packedBytes(columns: columns, depth: depth))
                defer { packed.deallocate() }
                weights.withUnsafeBufferPointer { Int8MultiplyVNNIColumns.pack($0.baseAddress!, columns: columns, depth: depth, into: packed) }
                // The same rows in reversed sixteen-byte pieces, with a table of where each is.
                var scattered = [Int8](repeating: 0, count: 3 * padded)
                var offsets = [Int32](repeating: 0, count: 3 * chunks)
                for m in 0..<3 {
                    for j in 0..<chunks {
                        let slot = 3 * chunks - 1 - (m * chunks + j)
                        for b in 0..<16 { scattered[slot * 16 + b] = rows[m * padded + j * 16 + b] }
                        offsets[m * chunks + j] = Int32(slot * 16 - m * padded)
                    }
                }
                for rowCount in 1...3 {
                    let stride = columns + 3
                    var contiguous = [Int32](repeating: 7, count: 3 * stride), indirect = contiguous
                    rows.withUnsafeBufferPointer { a in
                        contiguous.withUnsafeMutableBufferPointer { c in
                            let base = a.baseAddress!
                            Int8MultiplyVNNIColumns.multiply(
                                rowCount: rowCount, base, base + padded, base + 2 * padded, paddedDepth: padded, packed: packed,
                                columns: columns, output: c.baseAddress!, outputStride: stride)
                        }
                    }
                    scattered.withUnsafeBufferPointer { a in
                        offsets.withUnsafeBufferPointer { o in
                            indirect.withUnsafeMutableBufferPointer { c in
                                let (base, table) = (a.baseAddress!, o.baseAddress!)
                                Int8MultiplyVNNIColumns.multiply(
                                    rowCount: rowCount, base, base + padded, base + 2 * padded, offsets: table, table + chunks, table + 2 * chunks,
                                    paddedDepth: padded, packed: packed, columns: columns, output: c.baseAddress!, outputStride: stride)
                            }
                        }
                    }
                    for m in 0..<3 {
                        for n in 0..<stride {
                            let label = "depth \(depth) columns \(columns) rows \(rowCount): [\(m)][\(n)]"
                            guard m < rowCount, n < columns else {
                                #expect(contiguous[m * stride + n] == 7 && indirect[m * stride + n] == 7, "\(label) written")
                                continue
                            }
                            var expected: Int32 = 0
                            for k in 0..<depth { expected &+= (Int32(rows[m * padded + k]) + 128) &* Int32(weights[n * depth + k]) }
                            #expect(contiguous[m * stride + n] == expected, "\(label)")
                            #expect(indirect[m * stride + n] == expected, "\(label), scattered")
                        }
                    }
                }
            }
        }
    }

    @Test func depthwiseMatchesTheAVX2Kernel() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        for depth in 1...80 {
            let (rows, columns) = (Int.random(in: 1...3, using: &random), Int.random(in: 1...3, using: &random))
            let input = (0..<(4 * 4 * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
            let filter = (0..<(3 * 3 * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
            for inputOffset: Int32 in [-127, 128, Int32.random(in: -127...128, using: &random)] {
                var wide = [Int32](repeating: 0, count: depth), narrow = wide
                input.withUnsafeBufferPointer { x in
                    filter.withUnsafeBufferPointer { w in
                        let window = VectorDepthwise.Window(
                            input: x.baseAddress! + depth, inputRowStride: 4 * depth, inputColumnStride: depth,
                            filter: w.baseAddress!, filterRowStride: 3 * depth, rows: rows, columns: columns)
                        VectorDepthwiseAVX512.accumulate(window, depth: depth, inputOffset: inputOffset, output: &wide)
                        VectorDepthwise.accumulate(window, depth: depth, inputOffset: inputOffset, output: &narrow)
                    }
                }
                #expect(wide == narrow, "depth \(depth), offset \(inputOffset), \(rows)×\(columns) taps")
            }
        }
    }

    /// Sixteen-lane requantization against the AVX2 kernel's eight lanes: random accumulators (with
    /// both Int32 ends), multipliers, left shifts 0–8 and right shifts 0–31, one to five groups of
    /// eight (the odd one goes to the AVX2 kernel), rows written `outputStride` apart and nothing past.
    @Test func requantizationMatchesTheAVX2Kernel() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        for groups in 1...5 {
            for rows in 1...3 {
                let count = groups * 8, stride = count + 5
                let accumulators = (0..<(rows * stride)).map { _ in
                    random.next() % 8 == 0 ? (Bool.random(using: &random) ? Int32.min : Int32.max) : Int32.random(in: -100_000...100_000, using: &random)
                }
                let bias = (0..<count).map { _ in Int32.random(in: -50_000...50_000, using: &random) }
                let multipliers = (0..<count).map { _ in Int32.random(in: 0...Int32.max, using: &random) }
                let leftShifts = (0..<count).map { _ in Bool.random(using: &random) ? Int32.random(in: 0...8, using: &random) : 0 }
                let rightShifts = leftShifts.map { $0 > 0 ? 0 : Int32.random(in: 0...31, using: &random) }
                var wide = [Int8](repeating: 99, count: rows * stride), narrow = wide
                bias.withUnsafeBufferPointer { b in
                    multipliers.withUnsafeBufferPointer { m in
                        leftShifts.withUnsafeBufferPointer { l in
                            rightShifts.withUnsafeBufferPointer { r in
                                let tables = VectorRequantize.Channels(bias: b.baseAddress!, multipliers: m.baseAddress!, leftShifts: l.baseAddress!, rightShifts: r.baseAddress!)
                                let (offset, low, high) = (Int32.random(in: -128...127, using: &random), Int32.random(in: -128...0, using: &random), Int32.random(in: 0...127, using: &random))
                                VectorRequantizeAVX512.requantize(
                                    accumulators, accumulatorStride: stride, rows: rows, channels: tables, groups: groups,
                                    outputOffset: offset, minimum: low, maximum: high, output: &wide, outputStride: stride)
                                VectorRequantize.requantize(
                                    accumulators, accumulatorStride: stride, rows: rows, channels: tables, groups: groups,
                                    outputOffset: offset, minimum: low, maximum: high, output: &narrow, outputStride: stride)
                            }
                        }
                    }
                }
                #expect(wide == narrow, "\(groups) groups, \(rows) rows")
                #expect((0..<rows).allSatisfy { r in wide[(r * stride + count)..<(r * stride + stride)].allSatisfy { $0 == 99 } })
            }
        }
    }

    /// The requantization's single rounding (``Int32x16``'s `Scaling`) against TFLM's
    /// `MultiplyByQuantizedMultiplier`, which rounds twice, where the two could part: accumulators
    /// whose doubling high product lands on a tie of the rounding right shift (`(t + ½)·2ᵉ`) and two
    /// either side of it, positive and negative, for every right shift 0–31 and random multipliers.
    @Test func requantizationRoundsAsTFLMAtTies() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        let channels = 32, rows = 400
        let rightShifts = (0..<channels).map { Int32($0) }
        let multipliers = (0..<channels).map { _ in Int32.random(in: (1 << 30)...Int32.max, using: &random) }
        let bias = [Int32](repeating: 0, count: channels), leftShifts = [Int32](repeating: 0, count: channels)
        var accumulators = [Int32](repeating: 0, count: rows * channels)
        for r in 0..<rows {
            for c in 0..<channels {
                // The doubling high product wanted: a tie of the right shift, `t·2ᵉ + 2ᵉ⁻¹` (or `t` for e = 0).
                let e = Int(rightShifts[c]), t = Int64.random(in: -120...120, using: &random)
                let tie = t << e + (e > 0 ? Int64(1) << (e - 1) : 0)
                let x = (Double(tie) * 2_147_483_648 / Double(multipliers[c])).rounded() + Double(r % 5 - 2)
                accumulators[r * channels + c] = Int32(clamping: Int64(x))
            }
        }
        let offset: Int32 = 3
        var output = [Int8](repeating: 0, count: rows * channels)
        bias.withUnsafeBufferPointer { b in
            multipliers.withUnsafeBufferPointer { m in
                leftShifts.withUnsafeBufferPointer { l in
                    rightShifts.withUnsafeBufferPointer { rs in
                        VectorRequantizeAVX512.requantize(
                            accumulators, accumulatorStride: channels, rows: rows,
                            channels: VectorRequantize.Channels(bias: b.baseAddress!, multipliers: m.baseAddress!, leftShifts: l.baseAddress!, rightShifts: rs.baseAddress!),
                            groups: channels / 8, outputOffset: offset, minimum: -128, maximum: 127, output: &output, outputStride: channels)
                    }
                }
            }
        }
        var mismatches = 0
        for (i, x) in accumulators.enumerated() {
            let c = i % channels
            let expected = min(127, max(-128, TFLMReference.multiplyByQuantizedMultiplier(x, multipliers[c], -Int(rightShifts[c])) + offset))
            if Int32(output[i]) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(accumulators.count) differ from TFLM")
    }

    /// Sixteen-lane ADD against the AVX2 kernel's eight lanes: the same count done and the same bytes,
    /// for every count up to 70 (sixteens, then an eight, then what neither does) and random constants
    /// with zero points and shifts at the ends of their ranges.
    @Test func addMatchesTheAVX2Kernel() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        func offset() -> Int32 { [-127, 128, Int32.random(in: -127...128, using: &random)].randomElement(using: &random)! }
        func shift() -> Int32 { [-31, 0, Int32.random(in: -31...0, using: &random)].randomElement(using: &random)! }
        for count in 0...70 {
            let constants = VectorAdd.Constants(
                input1Offset: offset(), input2Offset: offset(), outputOffset: Int32.random(in: -128...127, using: &random),
                leftShift: Bool.random(using: &random) ? 20 : Int32.random(in: 0...20, using: &random),
                input1Multiplier: Int32.random(in: 0...Int32.max, using: &random), input1Shift: shift(),
                input2Multiplier: Int32.random(in: 0...Int32.max, using: &random), input2Shift: shift(),
                outputMultiplier: Int32.random(in: 0...Int32.max, using: &random), outputShift: shift(),
                minimum: Int32.random(in: -128...0, using: &random), maximum: Int32.random(in: 0...127, using: &random))
            let first = (0..<count).map { _ in Int8.random(in: .min ... .max, using: &random) }
            let second = (0..<count).map { _ in Int8.random(in: .min ... .max, using: &random) }
            var wide = [Int8](repeating: 99, count: count), narrow = wide
            let wideDone = VectorAddAVX512.run(constants, first: first, second: second, output: &wide, count: count)
            let narrowDone = VectorAdd.run(constants, first: first, second: second, output: &narrow, count: count)
            #expect(wideDone == narrowDone && wideDone == count / 8 * 8, "count \(count)")
            #expect(wide == narrow, "count \(count)")
        }
    }

    /// The product over spans (a filter's rows of `span` bytes each padded to four) against its
    /// definition: a run of 1–14 windows one stride apart in an image (six rows at a time where there
    /// are at most sixteen columns, then three), spans of 1–9 bytes, 1–40 columns, nothing written
    /// past a row's columns.
    @Test func spannedRunsMatchTheirDefinition() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512 VNNI")
            return
        }
        var random = SystemRandomNumberGenerator()
        func byte() -> Int8 { Self.byte(using: &random) }
        for span in [1, 3, 4, 6, 9] {
            for filterRows in [1, 3] {
                for columns in [1, 8, 16, 17, 40] {
                    let depth = filterRows * span, padded = Int8Multiply.paddedSpan(span), groups = filterRows * padded / 4
                    // An image of 20 × 24 bytes: filter row r of window i at r·24 + 2·i (a stride of two bytes).
                    let (imageWidth, step) = (24, 2)
                    let image = (0..<(20 * imageWidth)).map { _ in byte() }
                    let weights = (0..<(columns * depth)).map { _ in byte() }
                    let packed = UnsafeMutablePointer<Int8>.allocate(capacity: Int8MultiplyVNNIColumns.packedBytes(columns: columns, depth: depth, span: span))
                    defer { packed.deallocate() }
                    weights.withUnsafeBufferPointer { Int8MultiplyVNNIColumns.pack($0.baseAddress!, columns: columns, depth: depth, span: span, into: packed) }
                    let offsets = (0..<groups).map { Int32($0 / (padded / 4) * imageWidth + 4 * ($0 % (padded / 4))) }
                    for count in 1...14 {
                        let stride = columns + 3
                        var output = [Int32](repeating: 7, count: count * stride)
                        image.withUnsafeBufferPointer { a in
                            Int8MultiplyVNNIColumns.multiplyRun(
                                a.baseAddress!, rowStride: step, count: count, groupOffsets: offsets, groups: groups, packed: packed, columns: columns,
                                output: &output, outputStride: stride)
                        }
                        var wrong = 0
                        for i in 0..<count {
                            for n in 0..<stride {
                                guard n < columns else { if output[i * stride + n] != 7 { wrong += 1 }; continue }
                                var expected: Int32 = 0
                                for k in 0..<depth {
                                    expected &+= (Int32(image[k / span * imageWidth + k % span + i * step]) + 128) &* Int32(weights[n * depth + k])
                                }
                                if output[i * stride + n] != expected { wrong += 1 }
                            }
                        }
                        #expect(wrong == 0, "span \(span), \(filterRows) filter rows, \(columns) columns, \(count) windows")
                    }
                }
            }
        }
    }

    /// The depthwise accumulation over pairs of taps against its definition, `start + Σ_taps w·x`:
    /// one to nine taps (an odd last one paired with a zero weight), sixteen to sixty-four channels,
    /// taps anywhere in the input, bytes at both ends of the int8 range.
    @Test func tapPairsMatchTheirDefinition() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        func byte() -> Int8 { random.next() % 4 == 0 ? (Bool.random(using: &random) ? -128 : 127) : Int8.random(in: .min ... .max, using: &random) }
        for taps in 1...9 {
            for depth in [16, 32, 48, 64] {
                let input = (0..<(12 * depth)).map { _ in byte() }
                let filter = (0..<(taps * depth)).map { _ in byte() }
                let start = (0..<depth).map { _ in Int32.random(in: -100_000...100_000, using: &random) }
                let pairs = (taps + 1) / 2
                let pixels = (0..<taps).map { _ in Int.random(in: 0..<12, using: &random) }
                let tapOffsets = (0..<(2 * pairs)).map { Int32(pixels[min($0, taps - 1)] * depth) }
                var packed = [Int32](repeating: 0, count: pairs * depth), output = [Int32](repeating: 0, count: depth)
                VectorDepthwiseAVX512.packTapPairs(filter, taps: taps, depth: depth, into: &packed)
                VectorDepthwiseAVX512.accumulateTapPairs(input, tapOffsets: tapOffsets, pairs: pairs, weights: packed, depth: depth, start: start, output: &output)
                let expected = (0..<depth).map { c in
                    (0..<taps).reduce(start[c]) { $0 &+ Int32(filter[$1 * depth + c]) * Int32(input[pixels[$1] * depth + c]) }
                }
                #expect(output == expected, "\(taps) taps, depth \(depth)")
            }
        }
    }

    /// ADD's input scaling in 32-bit lanes against TFLM's `MultiplyByQuantizedMultiplierSmallerThanOneExp`
    /// of `v·2^L` for every `v` an int8 plus its offset can be (−255…255), wherever the constants
    /// admit it: left shifts 9–30, shifts 0 to −31, multipliers at and past the form's bounds.
    @Test func addInputScalingMatchesTFLM() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        let values = (0..<512).map { Int32(min($0, 510)) - 255 }
        var admitted = 0
        for _ in 0..<400 {
            let leftShift = Bool.random(using: &random) ? 20 : Int32.random(in: 9...30, using: &random)
            let shift = Int32.random(in: -31...0, using: &random)
            let multiplier = [Int32(1) << (30 - leftShift), (Int32(1) << (30 - leftShift)) + 1, 1 << 30, Int32.max, Int32.random(in: 0...Int32.max, using: &random)]
                .randomElement(using: &random)!
            guard let scaling = VectorAddAVX512.InputScaling(multiplier: multiplier, shift: shift, leftShift: leftShift) else { continue }
            admitted += 1
            var wrong = 0
            for start in stride(from: 0, to: values.count, by: 16) {
                var lanes = [Int32](repeating: 0, count: 16)
                values.withUnsafeBytes { scaling.apply(Int32x16(loading: $0.baseAddress! + 4 * start)).store(to: &lanes, count: 16) }
                for (lane, v) in values[start..<(start + 16)].enumerated()
                where lanes[lane] != TFLMReference.multiplyByQuantizedMultiplier(v << leftShift, multiplier, Int(shift)) { wrong += 1 }
            }
            #expect(wrong == 0, "multiplier \(multiplier), shift \(shift), left shift \(leftShift)")
        }
        #expect(admitted > 50, "only \(admitted) constant sets took the 32-bit form")
    }

    /// ADD on every pair of int8 inputs (all 65,536) against the AVX2 kernel, for constants in and
    /// out of the 32-bit input scaling's reach: left shifts 20 and 0–30, input shifts 0 to −31,
    /// multipliers from 0 to the largest, both offset extremes.
    @Test func addMatchesTheAVX2KernelOnEveryInputPair() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        var first = [Int8](), second = [Int8]()
        for a in Int8.min...Int8.max { for b in Int8.min...Int8.max { first.append(a); second.append(b) } }
        func offset() -> Int32 { [-127, 128, Int32.random(in: -127...128, using: &random)].randomElement(using: &random)! }
        func shift() -> Int32 { [0, -1, -2, -11, -12, -31, Int32.random(in: -31...0, using: &random)].randomElement(using: &random)! }
        func multiplier() -> Int32 { [0, 1 << 10, (1 << 10) + 1, 1 << 30, Int32.max, Int32.random(in: 0...Int32.max, using: &random)].randomElement(using: &random)! }
        for round in 0..<40 {
            let constants = VectorAdd.Constants(
                input1Offset: offset(), input2Offset: offset(), outputOffset: Int32.random(in: -128...127, using: &random),
                leftShift: round % 2 == 0 ? 20 : Int32.random(in: 0...30, using: &random),
                input1Multiplier: multiplier(), input1Shift: shift(), input2Multiplier: multiplier(), input2Shift: shift(),
                outputMultiplier: Int32.random(in: 1 << 30...Int32.max, using: &random), outputShift: Int32.random(in: -31...0, using: &random),
                minimum: Int32.random(in: -128...0, using: &random), maximum: Int32.random(in: 0...127, using: &random))
            var wide = [Int8](repeating: 0, count: first.count), narrow = wide
            _ = VectorAddAVX512.run(constants, first: first, second: second, output: &wide, count: first.count)
            _ = VectorAdd.run(constants, first: first, second: second, output: &narrow, count: first.count)
            #expect(zip(wide, narrow).filter { $0 != $1 }.count == 0, "\(constants)")
        }
    }

    /// Neighbouring pixels accumulated side by side (8 and 16 channels) give each pixel's own
    /// accumulation: windows of 1–3 × 1–5 taps, column strides of one and two pixels (dilation), both
    /// offset extremes.
    @Test func neighbouringPixelsMatchOnePixelAtATime() {
        guard KernelVariant.x86AVX512VNNI.isSupportedByHostCPU else {
            print("AVX512KernelTests: skipped, this CPU has no AVX-512")
            return
        }
        var random = SystemRandomNumberGenerator()
        #expect(VectorDepthwiseAVX512.neighbours(depth: 8) == 4 && VectorDepthwiseAVX512.neighbours(depth: 16) == 2)
        #expect(VectorDepthwiseAVX512.neighbours(depth: 32) == nil && VectorDepthwiseAVX512.neighbours(depth: 12) == nil)
        for depth in [8, 16] {
            let count = 32 / depth
            for _ in 0..<40 {
                let rows = Int.random(in: 1...3, using: &random), columns = Int.random(in: 1...5, using: &random)
                let dilation = Int.random(in: 1...2, using: &random)
                let width = count + (columns - 1) * dilation + 2
                let input = (0..<(rows * width * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
                let filter = (0..<(rows * columns * depth)).map { _ in Int8.random(in: .min ... .max, using: &random) }
                let inputOffset = [-127, 128, Int32.random(in: -127...128, using: &random)].randomElement(using: &random)!
                var together = [Int32](repeating: 0, count: count * depth), alone = together
                input.withUnsafeBufferPointer { x in
                    filter.withUnsafeBufferPointer { w in
                        func window(pixel: Int) -> VectorDepthwise.Window {
                            VectorDepthwise.Window(
                                input: x.baseAddress! + (1 + pixel) * depth, inputRowStride: width * depth, inputColumnStride: dilation * depth,
                                filter: w.baseAddress!, filterRowStride: columns * depth, rows: rows, columns: columns)
                        }
                        VectorDepthwiseAVX512.accumulateNeighbours(window(pixel: 0), depth: depth, inputOffset: inputOffset, output: &together)
                        alone.withUnsafeMutableBufferPointer { out in
                            for pixel in 0..<count {
                                VectorDepthwise.accumulate(window(pixel: pixel), depth: depth, inputOffset: inputOffset, output: out.baseAddress! + pixel * depth)
                            }
                        }
                    }
                }
                #expect(together == alone, "depth \(depth), \(rows)×\(columns) taps, dilation \(dilation), offset \(inputOffset)")
            }
        }
    }

    /// A random byte, an end of the int8 range one time in four.
    static func byte(using random: inout SystemRandomNumberGenerator) -> Int8 {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return -128
        case 1: return 127
        default: return Int8.random(in: .min ... .max, using: &random)
        }
    }
}
#endif
