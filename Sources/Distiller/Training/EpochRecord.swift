/// What one epoch of training measured.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch number, from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's batches.
    public var loss: Float
    /// Fraction of training examples classified correctly during the epoch (with dropout on).
    public var trainAccuracy: Float
    /// Fraction of test examples classified correctly after the epoch; NaN when there is no test set.
    public var testAccuracy: Float
    /// Training throughput.
    public var samplesPerSecond: Float
    /// Wall-clock seconds of the training part of the epoch (evaluation excluded).
    public var seconds: Float
    /// The learning rate at the start of the epoch.
    public var learningRate: Float

    /// Creates a record.
    public init(epoch: Int, loss: Float, trainAccuracy: Float, testAccuracy: Float, samplesPerSecond: Float, seconds: Float, learningRate: Float) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.samplesPerSecond = samplesPerSecond
        self.seconds = seconds
        self.learningRate = learningRate
    }
}
