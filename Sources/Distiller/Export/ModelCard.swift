import Foundation

/// What a shipped int8 model is, how it was made and how well it does, as JSON and Markdown.
/// Every accuracy is measured on the whole test split: the float one with the checkpoint, the int8
/// one by the runtime running the `.edm` file.
public struct ModelCard: Sendable, Equatable, Codable {
    /// A network a card refers to (the float student or the teacher).
    public struct Network: Sendable, Equatable, Codable {
        /// Checkpoint path as given.
        public var checkpoint: String
        /// The architecture string.
        public var architecture: String
        /// Trainable scalars of the float network.
        public var parameters: Int
        /// Its float result on the test split.
        public var test: ClassificationResult

        /// Creates the description.
        public init(checkpoint: String, architecture: String, parameters: Int, test: ClassificationResult) {
            self.checkpoint = checkpoint
            self.architecture = architecture
            self.parameters = parameters
            self.test = test
        }
    }

    /// The model's name (the file name without extension).
    public var name: String
    /// The `.edm` file as given.
    public var modelFile: String
    /// The dataset, such as `mnist`.
    public var dataset: String
    /// Weights and biases stored in the model (int8 and int32 values).
    public var parameters: Int
    /// Multiply-accumulates of one inference.
    public var multiplyAccumulates: Int
    /// Bytes of constant data (weights, biases) in the model.
    public var weightBytes: Int
    /// Bytes of the arena the runtime needs.
    public var arenaBytes: Int
    /// Bytes of the `.edm` file.
    public var modelBytes: Int
    /// The int8 model's result on the test split, measured by the runtime.
    public var int8: ClassificationResult
    /// The float student the model was quantized from, when given.
    public var float: Network?
    /// The teacher it was distilled from, when given.
    public var teacher: Network?
    /// The commands (or notes) that rebuild the model.
    public var recipe: String?

    /// Creates a card.
    public init(
        name: String, modelFile: String, dataset: String, parameters: Int, multiplyAccumulates: Int, weightBytes: Int,
        arenaBytes: Int, modelBytes: Int, int8: ClassificationResult, float: Network?, teacher: Network?, recipe: String?
    ) {
        self.name = name
        self.modelFile = modelFile
        self.dataset = dataset
        self.parameters = parameters
        self.multiplyAccumulates = multiplyAccumulates
        self.weightBytes = weightBytes
        self.arenaBytes = arenaBytes
        self.modelBytes = modelBytes
        self.int8 = int8
        self.float = float
        self.teacher = teacher
        self.recipe = recipe
    }

    /// The card as Markdown.
    public var markdown: String {
        func percent(_ result: ClassificationResult) -> String { String(format: "%.2f %%", 100 * result.accuracy) }
        func perClass(_ result: ClassificationResult) -> String {
            result.perClassErrors.enumerated().map { "\($0): \($1)" }.joined(separator: ", ")
        }
        var lines = [
            "# Model card: \(name)", "",
            "Int8 model `\(modelFile)` for \(dataset), run by the EdgeDistill runtime.", "",
            "| | |", "| --- | ---: |",
            "| parameters (int8 weights + int32 biases) | \(parameters) |",
            "| multiply-accumulates per inference | \(multiplyAccumulates) |",
            "| weight bytes | \(weightBytes) |",
            "| arena bytes | \(arenaBytes) |",
            "| model file bytes | \(modelBytes) |",
            "", "## Accuracy on the \(int8.examples) test examples", "",
            "| model | test errors | accuracy | errors per class (0–\(int8.perClassErrors.count - 1)) |", "| --- | ---: | ---: | --- |",
        ]
        if let teacher {
            lines.append("| teacher `\(teacher.architecture)` (float, \(teacher.parameters) parameters) | \(teacher.test.errors) | \(percent(teacher.test)) | \(perClass(teacher.test)) |")
        }
        if let float {
            lines.append("| student `\(float.architecture)` (float, \(float.parameters) parameters) | \(float.test.errors) | \(percent(float.test)) | \(perClass(float.test)) |")
        }
        lines.append("| **int8 `\(modelFile)` (runtime)** | **\(int8.errors)** | **\(percent(int8))** | \(perClass(int8)) |")
        lines += ["", "The float rows are measured with the checkpoints; the int8 row by the runtime running the model file",
                  "(`edge-distill evaluate \(modelFile) --data \(dataset)` reproduces it)."]
        if let teacher, let float {
            lines += ["", String(format: "The student has %.3f× the teacher's parameters.", Double(float.parameters) / Double(max(teacher.parameters, 1)))]
        }
        if let recipe {
            lines += ["", "## Recipe", "", "```", recipe.trimmingCharacters(in: .newlines), "```"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
