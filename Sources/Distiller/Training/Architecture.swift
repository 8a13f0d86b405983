/// A network described by a short string, as given to `--arch`, that builds the same layers every time.
///
/// - `mlp:784-1200-1200-10` — dense layers with ReLU between them. Options follow commas:
///   `dropout=0.5` (after each hidden layer), `input-dropout=0.2`, `relu6`.
///   Example: `mlp:784-1200-1200-10,dropout=0.5,input-dropout=0.2`.
/// - Either kind takes `standardize`: an ``InputStandardization`` first, fitted to the training
///   inputs when training starts and folded into the first weight layer on export; and
///   `input-max=V`: an ``InputClipping`` before everything, `min(x, V)`, which export turns into
///   the top of the int8 input's range (finer steps for the values that matter).
/// - `cnn:28x28x1-c32k5-p2-c64k5-p2-f1024-10` — an input `HxWxC`, then tokens:
///   `c<filters>k<size>` convolution + ReLU (append `s<stride>` for a stride, `d<dilation>` for a dilation,
///   `v` for valid padding; the default is same padding), `dw<size>` depthwise 3×3-style convolution +
///   ReLU (also `s`, `d`, `v`), `p<size>` max pool, `a<size>` average pool (a window may be
///   `<height>x<width>`, and `s<stride>` or `s<rows>x<columns>` sets its step: `p5x1s1` slides a
///   5×1 window one row at a time; the default step is the window), `gap` global average pool,
///   `f<units>` dense + ReLU; the last number is the class count. Options: `bn` (batch norm after every
///   convolution), `dropout=`, `relu6`.
/// - Low rank: a dense size written `<units>r<rank>` (`f<units>r<rank>` in a CNN, such as
///   `mlp:784-800r64-800-10`) is a linear bottleneck of `rank` units with no activation, then the
///   dense layer of `units`: the weight `W` (`units × inputs`) is factored as `U · V` with
///   `V` (`rank × inputs`, layer `layer<i>.projection`) and `U` (`units × rank`, layer `layer<i>`).
///   The rank is at most the smaller of the layer's inputs and units. The projection has a bias
///   too (zero after ``LowRankFactorization``), so the pair costs `rank · (inputs + units + 1) + units` parameters.
public struct Architecture: Sendable, Equatable, CustomStringConvertible {
    /// The string this architecture was parsed from (stored in checkpoints).
    public let description: String
    /// The shape of one input example (`[784]` for an MLP on MNIST, `[28, 28, 1]` for a CNN).
    public let inputShape: [Int]
    /// Number of outputs (classes).
    public let outputCount: Int
    let kind: Kind
    let tokens: [Token]
    /// The text before the first layer token (`mlp:784` or `cnn:28x28x1`).
    let inputText: String
    /// The text of each token, as written.
    let tokenTexts: [String]
    /// The options as written, with their leading comma (or empty).
    let optionsText: String
    let dropout: Float
    let inputDropout: Float
    let batchNorm: Bool
    let standardizesInput: Bool
    let inputMaximum: Float?
    let ceiling: Float?

    enum Kind: Equatable, Sendable { case mlp, cnn }

    enum Token: Equatable, Sendable {
        case dense(units: Int, rank: Int?)
        case convolution(filters: Int, size: Int, stride: Int, dilation: Int, same: Bool)
        case depthwise(size: Int, stride: Int, dilation: Int, same: Bool)
        case maxPool(PoolWindow)
        case averagePool(PoolWindow)
        case globalAveragePool

        /// Dense layers and convolutions.
        var hasWeights: Bool {
            switch self {
            case .dense, .convolution, .depthwise: return true
            case .maxPool, .averagePool, .globalAveragePool: return false
            }
        }

        /// Whether the layer never reads zero padding: a dense layer, a valid or 1×1 convolution.
        var readsNoPadding: Bool {
            switch self {
            case .convolution(_, let size, _, _, let same), .depthwise(let size, _, _, let same): return !same || size == 1
            case .dense, .maxPool, .averagePool, .globalAveragePool: return true
            }
        }
    }

    /// Why an architecture string was rejected.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// One line naming the problem.
        public let description: String
    }

    /// The longest architecture string accepted (they are typed, or stored in checkpoints).
    public static let maximumTextLength = 1000
    /// The largest number accepted in an architecture string (a size, kernel, stride, dilation or rank).
    public static let maximumNumber = 1 << 24
    /// The most parameters a network may have: 400 MB of float32 weights, about 1.6 GB while
    /// training with Adam (weights, gradients and two moments).
    public static let maximumParameterCount = 100_000_000
    /// The most values one example's activation may hold after any layer (64 MB of float32).
    public static let maximumActivationCount = 1 << 24

    /// The same architecture with another number of classes (the last size), as a specialist with its
    /// own classes and a dustbin has (``Specialist``).
    public func replacingOutputCount(_ count: Int) throws(ParseError) -> Architecture {
        let head = description.split(separator: ",", maxSplits: 1)[0]
        guard let dash = head.lastIndex(of: "-") else { throw ParseError(description: "architecture '\(description)' has no output size") }
        return try Architecture(String(head[...dash]) + "\(count)" + optionsText)
    }

    /// Parses an architecture string; every number is at most ``maximumNumber``.
    public init(_ text: String) throws(ParseError) {
        guard text.utf8.count <= Architecture.maximumTextLength else {
            throw ParseError(description: "architecture string of \(text.utf8.count) bytes is longer than the limit of \(Architecture.maximumTextLength)")
        }
        func fail(_ reason: String) -> ParseError { ParseError(description: "architecture '\(text)': \(reason)") }
        if let number = text.split(whereSeparator: { !("0"..."9").contains($0) }).first(where: { Int($0).map { $0 > Architecture.maximumNumber } ?? true }) {
            throw fail("\(number) is larger than the limit of \(Architecture.maximumNumber) for a size, kernel, stride or rank")
        }
        description = text
        let parts = text.split(separator: ",").map(String.init)
        guard let head = parts.first, let colon = head.firstIndex(of: ":") else {
            throw fail("expected 'mlp:…' or 'cnn:…' (for example mlp:784-1200-1200-10)")
        }
        optionsText = parts.dropFirst().map { "," + $0 }.joined()
        var dropout: Float = 0, inputDropout: Float = 0, batchNorm = false, standardizesInput = false, ceiling: Float? = nil
        var inputMaximum: Float? = nil
        for option in parts.dropFirst() {
            let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
            switch (pair.first ?? "", pair.count == 2 ? Float(pair[1]) : nil) {  // "=" splits into nothing
            case ("dropout", let value?) where (0..<1).contains(value): dropout = value
            case ("input-dropout", let value?) where (0..<1).contains(value): inputDropout = value
            case ("bn", nil) where pair.count == 1: batchNorm = true
            case ("relu6", nil) where pair.count == 1: ceiling = 6
            case ("standardize", nil) where pair.count == 1: standardizesInput = true
            case ("input-max", let value?) where value.isFinite && value > 0: inputMaximum = value
            default: throw fail("unknown option '\(option)' (known: dropout=P, input-dropout=P, bn, relu6, standardize, input-max=V with V > 0)")
            }
        }
        (self.dropout, self.inputDropout, self.batchNorm, self.ceiling) = (dropout, inputDropout, batchNorm, ceiling)
        self.standardizesInput = standardizesInput
        self.inputMaximum = inputMaximum
        let kindName = head[..<colon]
        let body = head[head.index(after: colon)...].split(separator: "-").map(String.init)
        switch kindName {
        case "mlp":
            let layers = body.dropFirst().map(Architecture.parseDense)
            guard body.count >= 2, let inputs = Int(body[0]), inputs > 0, layers.allSatisfy({ $0 != nil }) else {
                throw fail("an MLP needs at least two positive sizes separated by '-', such as 784-100-10 (a size may be <units>r<rank>)")
            }
            kind = .mlp
            inputShape = [inputs]
            tokens = layers.map { $0! }
            guard case .dense(let classes, _) = tokens.last! else { throw fail("the last token must be the class count") }
            outputCount = classes
        case "cnn":
            guard body.count >= 2 else { throw fail("a CNN needs an input HxWxC, layers, and a class count") }
            let input = body[0].split(separator: "x").map { Int($0) }
            guard input.count == 3, input.allSatisfy({ ($0 ?? 0) > 0 }) else { throw fail("input '\(body[0])' must be HxWxC, such as 28x28x1") }
            guard let classLayer = Architecture.parseDense(body.last!), case .dense(let classes, _) = classLayer else {
                throw fail("the last token must be the class count, got '\(body.last!)'")
            }
            var parsed: [Token] = []
            for token in body.dropFirst().dropLast() {
                guard let layer = Architecture.parseToken(token) else { throw fail("unknown layer token '\(token)'") }
                parsed.append(layer)
            }
            parsed.append(classLayer)
            kind = .cnn
            inputShape = input.map { $0! }
            outputCount = classes
            tokens = parsed
        default:
            throw fail("unknown kind '\(kindName)' (known: mlp, cnn)")
        }
        inputText = "\(kindName):\(body[0])"
        tokenTexts = Array(body.dropFirst())
    }

    /// `<units>` or `<units>r<rank>`, both positive.
    static func parseDense(_ token: String) -> Token? {
        let parts = token.split(separator: "r", omittingEmptySubsequences: false)
        guard parts.count <= 2, let units = Int(parts[0]), units > 0 else { return nil }
        guard parts.count == 2 else { return .dense(units: units, rank: nil) }
        guard let rank = Int(parts[1]), rank > 0 else { return nil }
        return .dense(units: units, rank: rank)
    }

    /// The same architecture with some layer tokens replaced (keys index the layer tokens, the
    /// input excluded, as in the layer names `layer<i>`); other tokens and the options keep their text.
    func replacing(_ replacements: [Int: Token]) throws(ParseError) -> Architecture {
        let texts = tokenTexts.indices.map { index in
            replacements[index].map { text(of: $0, isLast: index == tokens.count - 1) } ?? tokenTexts[index]
        }
        return try Architecture(([inputText] + texts).joined(separator: "-") + optionsText)
    }

    /// How a token is written.
    func text(of token: Token, isLast: Bool) -> String {
        func suffixes(stride: Int, dilation: Int, same: Bool) -> String {
            (stride == 1 ? "" : "s\(stride)") + (dilation == 1 ? "" : "d\(dilation)") + (same ? "" : "v")
        }
        switch token {
        case .dense(let units, let rank):
            return (kind == .cnn && !isLast ? "f" : "") + "\(units)" + (rank.map { "r\($0)" } ?? "")
        case .convolution(let filters, let size, let stride, let dilation, let same):
            return "c\(filters)k\(size)" + suffixes(stride: stride, dilation: dilation, same: same)
        case .depthwise(let size, let stride, let dilation, let same):
            return "dw\(size)" + suffixes(stride: stride, dilation: dilation, same: same)
        case .maxPool(let window): return "p" + Architecture.text(of: window)
        case .averagePool(let window): return "a" + Architecture.text(of: window)
        case .globalAveragePool: return "gap"
        }
    }

    static func parseToken(_ token: String) -> Token? {
        func numbers(after prefix: String, _ text: String) -> (Int, [Character: Int], Bool)? {
            var rest = Substring(text.dropFirst(prefix.count))
            var same = true
            if rest.hasSuffix("v") { same = false; rest = rest.dropLast() }
            var values: [Character: Int] = [:]
            var key: Character = "#"
            var digits = ""
            for character in rest {
                if character.isNumber { digits.append(character); continue }
                guard let value = Int(digits), values[key] == nil else { return nil }
                values[key] = value
                key = character
                digits = ""
            }
            guard let value = Int(digits), values[key] == nil else { return nil }
            values[key] = value
            guard let first = values["#"], first > 0, values.values.allSatisfy({ $0 > 0 }) else { return nil }
            return (first, values, same)
        }
        if token == "gap" { return .globalAveragePool }
        if token.hasPrefix("dw"), let (size, values, same) = numbers(after: "dw", token),
           Set(values.keys).isSubset(of: ["#", "s", "d"]) {
            return .depthwise(size: size, stride: values["s"] ?? 1, dilation: values["d"] ?? 1, same: same)
        }
        if token.hasPrefix("c"), let (filters, values, same) = numbers(after: "c", token),
           let size = values["k"], Set(values.keys).isSubset(of: ["#", "k", "s", "d"]) {
            return .convolution(filters: filters, size: size, stride: values["s"] ?? 1, dilation: values["d"] ?? 1, same: same)
        }
        if token.hasPrefix("p"), let window = parseWindow(token.dropFirst()) { return .maxPool(window) }
        if token.hasPrefix("a"), let window = parseWindow(token.dropFirst()) { return .averagePool(window) }
        if token.hasPrefix("f") { return parseDense(String(token.dropFirst())) }
        return nil
    }

    /// A pool window written `<size>`, `<height>x<width>`, either followed by `s<stride>` or
    /// `s<strideHeight>x<strideWidth>` (the strides default to the window: no overlap).
    static func parseWindow(_ text: Substring) -> PoolWindow? {
        func pair(_ text: Substring) -> (Int, Int)? {
            let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
            return (parts[0]!, parts.last!!)
        }
        let halves = text.split(separator: "s", omittingEmptySubsequences: false)
        guard (1...2).contains(halves.count), let (height, width) = pair(halves[0]) else { return nil }
        guard halves.count == 2 else { return PoolWindow(height: height, width: width) }
        guard let (strideHeight, strideWidth) = pair(halves[1]) else { return nil }
        return PoolWindow(height: height, width: width, strideHeight: strideHeight, strideWidth: strideWidth)
    }

    /// How a pool window is written: the shortest form ``parseWindow(_:)`` reads back as the same window.
    static func text(of window: PoolWindow) -> String {
        let size = window.height == window.width ? "\(window.height)" : "\(window.height)x\(window.width)"
        if window.strideHeight == window.height && window.strideWidth == window.width { return size }
        let stride = window.strideHeight == window.strideWidth ? "\(window.strideHeight)" : "\(window.strideHeight)x\(window.strideWidth)"
        return size + "s" + stride
    }

    /// Builds the network with weights drawn from `seed`. Before allocating a layer it checks that
    /// the parameters so far stay within ``maximumParameterCount`` and every activation within
    /// ``maximumActivationCount``, and that no same-padded kernel is larger than its input.
    public func makeNetwork(seed: UInt64) throws(ParseError) -> Sequential {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var layers: [any Layer] = []
        var shape = [1] + inputShape
        var parameterCount = 0
        func fail(_ reason: String) -> ParseError { ParseError(description: "architecture '\(description)': \(reason)") }
        func checkActivation() throws(ParseError) {
            var count = 1
            for dimension in shape.dropFirst() {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= Architecture.maximumActivationCount else {
                    throw fail("an activation of shape \(Array(shape.dropFirst())) is larger than the limit of \(Architecture.maximumActivationCount) values per example")
                }
                count = product
            }
        }
        /// Counts a layer's parameters (the product of `factors`, plus `extra`) before it is allocated.
        func reserve(_ factors: [Int], plus extra: Int) throws(ParseError) {
            var count = extra
            var product = 1, overflow = false
            for factor in factors where !overflow { (product, overflow) = product.multipliedReportingOverflow(by: factor) }
            if !overflow { (count, overflow) = count.addingReportingOverflow(product) }
            if !overflow { (count, overflow) = parameterCount.addingReportingOverflow(count) }
            guard !overflow, count <= Architecture.maximumParameterCount else {
                let size = overflow ? "more than \(Int.max) parameters" : "\(count) parameters (\(Self.bytes(4 * count)) of float32 weights)"
                throw fail("\(size); the limit is \(Architecture.maximumParameterCount) parameters (\(Self.bytes(4 * Architecture.maximumParameterCount)))")
            }
            parameterCount = count
        }
        func checkKernel(_ size: Int, dilation: Int, same: Bool) throws(ParseError) {
            let extent = (size - 1) * dilation + 1
            guard !same || (extent <= shape[1] && extent <= shape[2]) else {
                throw fail("a \(extent)×\(extent) kernel is larger than its \(shape[1])×\(shape[2]) input; most of it would only see padding")
            }
        }
        func add(_ layer: any Layer) throws(ParseError) {
            guard let next = layer.outputShape(for: shape) else {
                throw fail("\(layer.description) does not fit input \(Array(shape.dropFirst()))")
            }
            layers.append(layer)
            shape = next
            try checkActivation()
        }
        try checkActivation()
        if let inputMaximum { try add(InputClipping(maximum: inputMaximum)) }
        if standardizesInput { try add(InputStandardization(channels: inputShape.last!)) }
        if inputDropout > 0 { try add(Dropout(rate: inputDropout)) }
        if standardizesInput, let first = tokens.first, !(first.hasWeights && first.readsNoPadding) {
            throw fail("'standardize' folds into the first layer on export, which must be a dense layer or a convolution that reads no padding ('v' or a 1×1 kernel)")
        }
        for (index, token) in tokens.enumerated() {
            let isLast = index == tokens.count - 1
            switch token {
            case .dense(let units, let rank):
                if shape.count > 2 { try add(Flatten()) }
                let inputs = shape.dropFirst().reduce(1, *)
                if let rank {
                    guard rank <= min(inputs, units) else {
                        throw fail("rank \(rank) is larger than the layer \(inputs)→\(units) (at most \(min(inputs, units)))")
                    }
                    try reserve([inputs, rank], plus: rank)
                    try add(Dense(inputCount: inputs, outputCount: rank, name: "layer\(index).projection", using: &generator))
                }
                try reserve([rank ?? inputs, units], plus: units)
                try add(Dense(inputCount: rank ?? inputs, outputCount: units, name: "layer\(index)", using: &generator))
                if !isLast {
                    try add(ReLU(ceiling: ceiling))
                    if dropout > 0 { try add(Dropout(rate: dropout)) }
                }
            case .convolution(let filters, let size, let stride, let dilation, let same):
                guard shape.count == 4 else { throw fail("a convolution needs an image input") }
                try checkKernel(size, dilation: dilation, same: same)
                try reserve([size, size, shape[3], filters], plus: filters + (batchNorm ? 4 * filters : 0))
                try add(Conv2D(
                    inputChannels: shape[3], outputChannels: filters, kernelSize: size, stride: stride, dilation: dilation,
                    padding: same ? .same : .valid, name: "layer\(index)", using: &generator))
                if batchNorm { try add(BatchNorm(channels: filters, name: "layer\(index).bn")) }
                try add(ReLU(ceiling: ceiling))
            case .depthwise(let size, let stride, let dilation, let same):
                guard shape.count == 4 else { throw fail("a depthwise convolution needs an image input") }
                try checkKernel(size, dilation: dilation, same: same)
                try reserve([size, size, shape[3]], plus: shape[3] + (batchNorm ? 4 * shape[3] : 0))
                try add(DepthwiseConv2D(
                    channels: shape[3], kernelSize: size, stride: stride, dilation: dilation,
                    padding: same ? .same : .valid, name: "layer\(index)", using: &generator))
                if batchNorm { try add(BatchNorm(channels: shape[3], name: "layer\(index).bn")) }
                try add(ReLU(ceiling: ceiling))
            case .maxPool(let window):
                try add(MaxPool(window: window))
            case .averagePool(let window):
                try add(AveragePool(window: window))
            case .globalAveragePool:
                try add(GlobalAveragePool())
            }
        }
        return Sequential(layers)
    }

    /// A byte count in MB or GB, for messages.
    static func bytes(_ count: Int) -> String {
        count >= 1_000_000_000 ? String(format: "%.1f GB", Double(count) / 1e9) : String(format: "%.0f MB", Double(count) / 1e6)
    }

    /// Reshapes a dataset's inputs (such as `[N, 28, 28, 1]`) to this architecture's input shape
    /// (such as `[N, 784]`), or returns `nil` when the element counts differ.
    public func adapt(_ inputs: Tensor) -> Tensor? {
        guard inputs.itemSize == inputShape.reduce(1, *) else { return nil }
        return inputs.reshaped(to: [inputs.batchSize] + inputShape)
    }
}
