import EdgeRuntime

/// How the runtime's kernels for an operator kind spend instructions, as a few shape terms whose
/// weighted sum (``KernelCostModel``) predicts the instructions, loads, stores and branches QEMU
/// counts. The terms follow the kernels' loop structure: the matrix kernels work in tiles (the
/// Armv7E-M DSP kernels four output pixels × four filter bytes at a time, the NEON ones three rows
/// × four columns × sixteen bytes, or one row), the depthwise kernels in groups of sixteen and four
/// channels per tap, the rest per element and per row.
public struct KernelCostTerms: Codable, Equatable, Sendable {
    /// The families of terms.
    public enum Family: String, Codable, Sendable, CaseIterable {
        /// CONV_2D, FULLY_CONNECTED, BATCH_MATMUL, TRANSPOSE_CONV: `rows × depth` by `depth × columns`.
        case matrix
        /// DEPTHWISE_CONV_2D: per output pixel, channels × taps.
        case depthwise
        /// Element-wise arithmetic, activations and requantization.
        case elementwise
        /// Pooling windows, reductions and softmax: every input element, every output, every row.
        case reduction
        /// Copies (concatenation, padding, transposes, slices, gathers, resizes).
        case movement
        /// RESHAPE: the output shares the input's bytes; a fixed cost only.
        case alias
        /// One hop of the fixed-point speech front-end (``AudioFrontEnd``): FFT butterflies, samples,
        /// mel weights, bands, DCT products.
        case frontEnd

        /// The names of the family's terms, in order.
        public var termNames: [String] {
            switch self {
            case .matrix:
                ["1", "rows", "columns", "rows·depth", "rows·columns", "rows·columns·depth", "⌈rows/4⌉·columns·⌈depth/4⌉",
                 "⌈rows/3⌉·⌈columns/4⌉·⌈depth/16⌉", "rows·⌈columns/4⌉·⌈depth/16⌉", "columns·depth", "outputs", "second operand"]
            case .depthwise:
                ["1", "channels", "pixels", "pixels·channels", "pixels·channels·taps", "pixels·taps·⌈channels/16⌉",
                 "pixels·taps·⌈channels/4⌉", "pixels·⌈channels/16⌉", "pixels·⌈channels/4⌉"]
            case .elementwise:
                ["1", "outputs", "rows", "broadcast outputs, both operands varying", "broadcast outputs, one operand fixed per row",
                 "⌈outputs/16⌉", "outputs mod 16"]
            case .reduction: ["1", "inputs", "outputs", "rows"]
            case .movement: ["1", "outputs", "inputs", "rows"]
            case .alias: ["1"]
            case .frontEnd: ["1", "N·log2 N", "N", "mel weights", "bands", "coefficients·bands"]
            }
        }
    }

    /// The family the terms belong to.
    public var family: Family
    /// One value per ``Family/termNames`` entry.
    public var values: [Double]

    /// The terms of an operator of `kind` with operands `operands`.
    public init(kind: OperatorKind, operands: some OperandShapes) {
        let work = kind.work(of: operands)
        let outputs = Double(operands.outputElementCount(0))
        let inputs = Double(operands.inputElementCount(0))
        let innermost = Double(max(1, operands.innermostInputDimension(0)))
        // The matrix kinds as rows × depth by depth × columns; every other kind returns from its case.
        let matrix: (rows: Int, columns: Int, depth: Int)
        switch kind {
        case .conv2D:
            // Filter [out, height, width, in]: depth = height·width·in, rows = output pixels.
            let columns = operands.inputDimension(1, 0)
            let depth = operands.inputDimension(1, 1) * operands.inputDimension(1, 2) * operands.inputDimension(1, 3)
            matrix = (columns > 0 ? operands.outputElementCount(0) / columns : 0, columns, depth)
        case .fullyConnected:
            // Weights [out, in].
            let columns = operands.inputDimension(1, 0), depth = operands.inputDimension(1, 1)
            matrix = (depth > 0 ? operands.inputElementCount(0) / depth : 0, columns, depth)
        case .batchMatMul:
            // Depth from the work (adjoint flags are not in the shapes); columns from the second operand.
            let depth = operands.outputElementCount(0) > 0 ? work.multiplyAccumulates / operands.outputElementCount(0) : 0
            let rightRank = operands.inputRank(1)
            let rightInner = rightRank >= 2 ? operands.inputDimension(1, rightRank - 1) * operands.inputDimension(1, rightRank - 2) : 0
            let columns = depth > 0 ? rightInner / depth : 0
            matrix = (columns > 0 ? operands.outputElementCount(0) / columns : 0, columns, depth)
        case .transposeConv2D:
            // Input [n, h, w, in] scattered through filter [out, kh, kw, in]: rows = input pixels,
            // columns = out·kh·kw, depth = in.
            let depth = operands.inputDimension(2, 3)
            let columns = operands.inputDimension(1, 0) * operands.inputDimension(1, 1) * operands.inputDimension(1, 2)
            matrix = (depth > 0 ? operands.inputElementCount(2) / depth : 0, columns, depth)
        case .depthwiseConv2D:
            let channels = operands.inputDimension(1, 3)
            let taps = operands.inputDimension(1, 1) * operands.inputDimension(1, 2)
            let pixels = Double(channels > 0 ? operands.outputElementCount(0) / channels : 0)
            let c = Double(channels), t = Double(taps)
            let sixteens = (c / 16).rounded(.up), fours = (c / 4).rounded(.up)
            self.init(family: .depthwise, values: [1, c, pixels, pixels * c, pixels * c * t, pixels * t * sixteens, pixels * t * fours,
                                                   pixels * sixteens, pixels * fours])
            return
        case .add, .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu:
            let smaller = operands.inputElementCount(1) <= operands.inputElementCount(0) ? 1 : 0
            let broadcast: Broadcast = Double(operands.inputElementCount(smaller)) >= outputs ? .none
                : operands.innermostInputDimension(smaller) > 1 ? .bothVarying : .oneFixedPerRow
            self.init(elementwiseOutputs: outputs, inner: innermost, broadcast: broadcast)
            return
        case .logistic, .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt, .neg, .quantize, .dequantize:
            self.init(elementwiseOutputs: outputs, inner: innermost, broadcast: .none)
            return
        case .averagePool2D, .maxPool2D, .mean, .sum, .reduceMax, .softmax, .argMax:
            self.init(family: .reduction, values: [1, inputs, outputs, inputs / innermost])
            return
        case .concatenation, .pack:
            // Several inputs: all of them are read.
            let read = (0..<operands.inputCount).reduce(0.0) { $0 + Double(operands.inputElementCount($1)) }
            self.init(family: .movement, values: [1, outputs, read, read / innermost])
            return
        case .pad, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV, .unpack, .gather, .resizeNearestNeighbor, .resizeBilinear:
            let written = (0..<8).reduce(0.0) { $0 + Double(operands.outputElementCount($1)) }
            self.init(family: .movement, values: [1, written, inputs, max(written, inputs) / innermost])
            return
        case .reshape:
            self.init(family: .alias, values: [1])
            return
        }
        self.init(
            matrixRows: matrix.rows, columns: matrix.columns, depth: matrix.depth, outputs: outputs,
            secondOperand: operands.inputElementCount(1))
    }

    /// Terms from explicit values (decoding, tests).
    public init(family: Family, values: [Double]) {
        self.family = family
        self.values = values
    }

    /// The terms of one front-end hop of `shape` with `melWeights` filter weights in all.
    public init(frontEnd shape: AudioFrontEndShape, melWeights: Int) {
        let n = Double(shape.frameSamples), bands = Double(shape.melBands)
        self.init(family: .frontEnd, values: [1, n * Double(shape.frameBits), n, Double(melWeights), bands, Double(shape.coefficients) * bands])
    }

    init(matrixRows rows: Int, columns: Int, depth: Int, outputs: Double, secondOperand: Int) {
        let m = Double(max(0, rows)), n = Double(max(0, columns)), k = Double(max(0, depth))
        func up(_ value: Double, _ granule: Double) -> Double { (value / granule).rounded(.up) }
        self.init(family: .matrix, values: [
            1, m, n, m * k, m * n, m * n * k, up(m, 4) * n * up(k, 4), up(m, 3) * up(n, 4) * up(k, 16), m * up(n, 4) * up(k, 16), n * k, outputs,
            Double(max(0, secondOperand)),
        ])
    }

    /// How an element-wise operator's operands meet: of the output's size (the vector kernels' case),
    /// or one broadcast, either varying along the rows (a channel vector: both operands are
    /// requantized per element) or fixed along each row (a per-row value or a scalar: prepared once per row).
    enum Broadcast { case none, bothVarying, oneFixedPerRow }

    /// Element-wise terms: per output and per row of the innermost dimension, per output again by
    /// how an input is broadcast, and the sixteen-lane steps and their tail when none is.
    init(elementwiseOutputs outputs: Double, inner: Double, broadcast: Broadcast) {
        let steps = (outputs / 16).rounded(.up), tail = outputs - 16 * (outputs / 16).rounded(.down)
        let same = broadcast == .none
        self.init(family: .elementwise, values: [
            1, outputs, outputs / inner, broadcast == .bothVarying ? outputs : 0, broadcast == .oneFixedPerRow ? outputs : 0,
            same ? steps : 0, same ? tail : 0,
        ])
    }
}
