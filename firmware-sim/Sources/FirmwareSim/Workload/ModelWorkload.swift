import EdgeModel

/// What the simulator needs to know about a model: its layers' work, where its activations live in
/// the arena and when, and the sizes that count against a device's RAM and flash.
///
/// Built from a loaded `.edm` model (``init(model:name:tensorName:)``) or from a `Graph` and its
/// arena plan (``init(graph:)``).
public struct ModelWorkload: Codable, Equatable, Sendable {
    /// The model's name.
    public var name: String
    /// Per-operator work, in execution order.
    public var layers: [LayerWorkload]
    /// Every activation tensor with its arena placement and lifetime (RESHAPE aliases included).
    public var arenaTensors: [ArenaTensor]
    /// The exact arena size the plan needs (in all regions together).
    public var arenaBytes: Int
    /// The arena size of each region the file's plan uses (one entry for a single-arena plan).
    public var regionArenaBytes: [Int] = []
    /// The buffers the plan places, with the bytes each operator moves through them (from a model
    /// file; empty for a graph's workload): what a plan across memory regions starts from.
    public var buffers: [ArenaBuffers.Buffer] = []
    /// Bytes of the graph's inputs (they live in the arena; copied in by the application).
    public var inputBytes: Int
    /// Bytes of the graph's outputs.
    public var outputBytes: Int
    /// Bytes of constant data: weights, biases, shape vectors.
    public var constantBytes: Int
    /// Bytes of the model file besides its constants: header, records, names, kernel parameters.
    public var metadataBytes: Int
    /// Bytes of the workspace the vector kernels (AVX2, NEON, `sdot`: one packed layout) prepare at
    /// init beside the arena: the packed weights and per-channel requantization.
    public var vectorWorkspaceBytes: Int = 0

    /// Creates a workload from its parts.
    public init(
        name: String, layers: [LayerWorkload], arenaTensors: [ArenaTensor], arenaBytes: Int,
        inputBytes: Int, outputBytes: Int, constantBytes: Int, metadataBytes: Int
    ) {
        self.name = name
        self.layers = layers
        self.arenaTensors = arenaTensors
        self.arenaBytes = arenaBytes
        self.inputBytes = inputBytes
        self.outputBytes = outputBytes
        self.constantBytes = constantBytes
        self.metadataBytes = metadataBytes
    }

    /// Flash the model itself needs: constants plus the rest of the model file.
    public var modelFlashBytes: Int { constantBytes + metadataBytes }

    /// Total multiply-accumulates.
    public var multiplyAccumulates: Int { layers.reduce(0) { $0 + $1.multiplyAccumulates } }

    /// The operator at which the most arena bytes are alive, and those bytes.
    public var peakArenaUse: (operator: Int, bytes: Int) { Self.peakUse(of: arenaTensors, operators: layers.count) }

    /// The operator at which the most bytes of `tensors` are alive, and those bytes.
    static func peakUse(of tensors: [ArenaTensor], operators: Int) -> (operator: Int, bytes: Int) {
        var best = (operator: 0, bytes: 0)
        for op in 0..<operators {
            // Tensors sharing a region and offset and alive together are aliases (RESHAPE): count them once.
            var seen = Set<Int>()
            var bytes = 0
            for tensor in tensors where tensor.isAlive(at: op) && seen.insert(tensor.region << 32 | tensor.offset).inserted {
                bytes += tensor.byteCount
            }
            if bytes > best.bytes { best = (op, bytes) }
        }
        return best
    }

    /// Tensors alive while operator `op` runs, largest first.
    public func tensorsAlive(at op: Int) -> [ArenaTensor] {
        arenaTensors.filter { $0.isAlive(at: op) }.sorted { ($0.byteCount, $1.index) > ($1.byteCount, $0.index) }
    }

    /// The layer that reads the most constant bytes, if any reads some.
    public var heaviestLayer: LayerWorkload? {
        layers.filter { $0.weightBytes > 0 }.max { $0.weightBytes < $1.weightBytes }
    }
}
