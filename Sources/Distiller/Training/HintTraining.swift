import Foundation

/// FitNets stage one: trains the student's lower layers (up to its guided layer) and a regressor so
/// that the regressor's output matches the teacher's hint-layer activations. Stage two is ordinary
/// distillation of the whole student (``DistillationObjective`` with ``Trainer``).
public struct HintTraining {
    /// Layers `0..<guidedLayerCount` of the student are trained in stage one.
    public var guidedLayerCount: Int
    /// The teacher's hint is the output of its layers `0..<hintLayerCount`.
    public var hintLayerCount: Int
    /// Epochs of stage one.
    public var epochs: Int
    /// Examples per batch.
    public var batchSize: Int
    /// Adam's learning rate.
    public var learningRate: Float
    /// Seeds the shuffles.
    public var seed: UInt64

    /// Creates the settings of stage one.
    public init(guidedLayerCount: Int, hintLayerCount: Int, epochs: Int = 5, batchSize: Int = 128, learningRate: Float = 0.001, seed: UInt64 = 1) {
        self.guidedLayerCount = guidedLayerCount
        self.hintLayerCount = hintLayerCount
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }

    /// Runs stage one and returns the mean hint loss of each epoch.
    @discardableResult
    public func run(student: Sequential, teacher: Sequential, hint: HintLoss, data: Dataset, progress: (String) -> Void = { _ in }) -> [Float] {
        precondition(guidedLayerCount > 0 && guidedLayerCount <= student.layers.count, "guided layer outside the student")
        precondition(hintLayerCount > 0 && hintLayerCount <= teacher.layers.count, "hint layer outside the teacher")
        let lower = Sequential(Array(student.layers[0..<guidedLayerCount]))
        let teacherLower = Sequential(Array(teacher.layers[0..<hintLayerCount]))
        let parameters = lower.parameters + hint.regressor.parameters
        var optimizer = Adam()
        var losses: [Float] = []
        for epoch in 0..<epochs {
            var generator = SeededRandomNumberGenerator(seed: seed, stream: UInt64(epoch) + 1)
            lower.reseed(seed: seed, stream: UInt64(epoch))
            let order = data.shuffledIndices(using: &generator)
            var total: Double = 0
            var start = 0
            while start < data.count {
                let indices = Array(order[start..<min(start + batchSize, data.count)])
                let inputs = data.subset(indices).inputs
                let target = teacherLower.forward(inputs, training: false)
                for parameter in parameters { parameter.zeroGradient() }
                let features = lower.forward(inputs, training: true)
                let result = hint.loss(studentFeatures: features, teacherFeatures: target)
                lower.backward(result.gradient, needsInputGradient: false)
                optimizer.step(parameters, learningRate: learningRate)
                total += Double(result.loss) * Double(indices.count)
                start += batchSize
            }
            losses.append(Float(total / Double(data.count)))
            progress(String(format: "hint epoch %d/%d  loss %.5f", epoch + 1, epochs, losses.last!))
        }
        return losses
    }
}
