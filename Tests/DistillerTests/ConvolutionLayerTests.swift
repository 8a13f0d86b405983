import EdgeModel
import Testing
@testable import Distiller

@Suite("Convolution, pooling, batch norm: gradients against central differences")
struct ConvolutionLayerTests {
    @Test("Conv2D gradients across stride, dilation and padding", arguments: [
        (1, 1, Padding.same), (2, 1, .same), (1, 2, .valid), (2, 2, .same), (3, 1, .valid),
    ])
    func convolution(stride: Int, dilation: Int, padding: Padding) {
        var generator = SeededRandomNumberGenerator(seed: UInt64(stride * 10 + dilation))
        let layer = Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: stride, dilation: dilation, padding: padding, using: &generator)
        layer.bias.value = .uniform(shape: [4], in: -1...1, using: &generator)
        checkGradients(layer, input: .uniform(shape: [2, 7, 8, 3], in: -1...1, using: &generator), samples: 25)
    }

    @Test("Conv2D matches a direct convolution and TFLite's same-padding output size")
    func convolutionValues() {
        var generator = SeededRandomNumberGenerator(seed: 3)
        let layer = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, dilation: 1, padding: .same, using: &generator)
        let input = Tensor.uniform(shape: [1, 5, 6, 2], in: -1...1, using: &generator)
        let output = layer.forward(input, training: false)
        #expect(output.shape == [1, 3, 3, 3])
        // same padding for 5 rows, stride 2, kernel 3: total pad 2, one before; for 6 columns: total 1, none before
        for oy in 0..<3 {
            for ox in 0..<3 {
                for o in 0..<3 {
                    var sum: Float = 0
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            let y = oy * 2 - 1 + ky, x = ox * 2 + kx
                            guard y >= 0 && y < 5 && x >= 0 && x < 6 else { continue }
                            for c in 0..<2 { sum += input[0, y, x, c] * layer.weight.value[o, ky, kx, c] }
                        }
                    }
                    #expect(abs(output[0, oy, ox, o] - sum) < 1e-5)
                }
            }
        }
    }

    @Test("DepthwiseConv2D gradients", arguments: [(1, 1, Padding.same), (2, 2, .valid), (2, 1, .same)])
    func depthwise(stride: Int, dilation: Int, padding: Padding) {
        var generator = SeededRandomNumberGenerator(seed: 4)
        let layer = DepthwiseConv2D(channels: 3, kernelSize: 3, stride: stride, dilation: dilation, padding: padding, using: &generator)
        layer.bias.value = .uniform(shape: [3], in: -1...1, using: &generator)
        checkGradients(layer, input: .uniform(shape: [2, 7, 7, 3], in: -1...1, using: &generator), samples: 25)
    }

    @Test("MaxPool, AveragePool and GlobalAveragePool gradients and values")
    func pooling() {
        var generator = SeededRandomNumberGenerator(seed: 5)
        let input = Tensor.uniform(shape: [2, 6, 5, 3], in: -1...1, using: &generator)
        checkGradients(MaxPool(size: 2), input: input)
        checkGradients(MaxPool(size: 3, stride: 2), input: input)
        checkGradients(AveragePool(size: 2), input: input)
        checkGradients(GlobalAveragePool(), input: input)
        let pooled = MaxPool(size: 2).forward(input, training: false)
        #expect(pooled.shape == [2, 3, 2, 3])
        #expect(pooled[1, 2, 1, 2] == max(input[1, 4, 2, 2], input[1, 4, 3, 2], input[1, 5, 2, 2], input[1, 5, 3, 2]))
        let global = GlobalAveragePool().forward(input, training: false)
        var mean: Float = 0
        for y in 0..<6 { for x in 0..<5 { mean += input[0, y, x, 1] / 30 } }
        #expect(abs(global[0, 1] - mean) < 1e-5)
    }

    @Test("rectangular pool windows with their own strides: gradients, values, shapes")
    func rectangularPooling() {
        var generator = SeededRandomNumberGenerator(seed: 8)
        // Distinct values 0.012 apart, so no finite-difference step moves a window's maximum.
        let ranks = (0..<168).shuffled(using: &generator)
        let input = Tensor(shape: [2, 7, 4, 3], scalars: ranks.map { Float($0) / 84 - 1 })
        let sliding = PoolWindow(height: 3, width: 1, strideHeight: 1, strideWidth: 1)
        let tall = PoolWindow(height: 2, width: 3, strideHeight: 2, strideWidth: 1)
        checkGradients(MaxPool(window: sliding), input: input, step: 1e-3)
        checkGradients(AveragePool(window: tall), input: input)
        let maximum = MaxPool(window: sliding).forward(input, training: false)
        #expect(maximum.shape == [2, 5, 4, 3])
        #expect(maximum[1, 4, 3, 2] == max(input[1, 4, 3, 2], input[1, 5, 3, 2], input[1, 6, 3, 2]))
        let mean = AveragePool(window: tall).forward(input, training: false)
        #expect(mean.shape == [2, 3, 2, 3])
        var expected: Float = 0
        for y in 4...5 { for x in 1...3 { expected += input[0, y, x, 1] / 6 } }
        #expect(abs(mean[0, 2, 1, 1] - expected) < 1e-5)
        #expect(MaxPool(window: PoolWindow(height: 8, width: 1)).outputShape(for: input.shape) == nil, "taller than the input")
    }

    @Test("pool tokens: p<h>x<w>s<s> parse, print back and build; bad ones are refused")
    func poolTokens() throws {
        let architecture = try Architecture("cnn:24x1x1-c2k1-p5x1s1-a2x1s2x1-p2x1-f8-4")
        let layers = try architecture.makeNetwork(seed: 1).layers
        #expect(layers.compactMap { ($0 as? MaxPool)?.window } == [PoolWindow(height: 5, width: 1, strideHeight: 1, strideWidth: 1), PoolWindow(height: 2, width: 1)])
        #expect(layers.compactMap { ($0 as? AveragePool)?.window } == [PoolWindow(height: 2, width: 1, strideHeight: 2, strideWidth: 1)])
        for (window, text) in [(PoolWindow(size: 2), "2"), (PoolWindow(size: 3, stride: 1), "3s1"),
                               (PoolWindow(height: 5, width: 1, strideHeight: 1, strideWidth: 1), "5x1s1"),
                               (PoolWindow(height: 2, width: 3, strideHeight: 1, strideWidth: 3), "2x3s1x3"),
                               (PoolWindow(height: 4, width: 2), "4x2")] {
            #expect(Architecture.text(of: window) == text)
            #expect(Architecture.parseWindow(Substring(text)) == window)
        }
        for bad in ["0", "2x", "x2", "2x0", "2s", "2s0", "2s1x", "2x2x2", "2s1s1", "2y1"] {
            #expect(Architecture.parseWindow(Substring(bad)) == nil, "\(bad)")
        }
        #expect(throws: Architecture.ParseError.self) { try Architecture("cnn:24x1x1-p2-4").makeNetwork(seed: 1) }
    }

    @Test("BatchNorm gradients in training (batch statistics) and inference; running statistics move")
    func batchNorm() {
        var generator = SeededRandomNumberGenerator(seed: 6)
        let layer = BatchNorm(channels: 3)
        layer.scale.value = .uniform(shape: [3], in: 0.5...2, using: &generator)
        layer.shift.value = .uniform(shape: [3], in: -1...1, using: &generator)
        var input = Tensor.uniform(shape: [4, 3, 3, 3], in: -1...1, using: &generator)
        for index in input.scalars.indices where index % 3 == 1 { input.scalars[index] = input.scalars[index] * 3 + 2 }
        checkGradients(layer, input: input, training: true, samples: 30)
        checkGradients(layer, input: input, training: false, samples: 20)
        let fresh = BatchNorm(channels: 3)
        let output = fresh.forward(input, training: true)
        var mean: Float = 0
        for row in 0..<36 { mean += output.scalars[row * 3 + 1] / 36 }
        #expect(abs(mean) < 1e-5, "normalised to zero mean")
        #expect(fresh.runningMean.value.scalars[1] > 0.1, "running mean moved towards the batch mean (≈ 2)")
    }

    @Test("architecture strings build the expected layers and reject bad ones with a reason")
    func architectures() throws {
        let mlp = try Architecture("mlp:784-1200-1200-10,dropout=0.5,input-dropout=0.2")
        let network = try mlp.makeNetwork(seed: 1)
        #expect(network.layers.map(\.description) == [
            "dropout 0.2", "dense 784→1200", "relu", "dropout 0.5", "dense 1200→1200", "relu", "dropout 0.5", "dense 1200→10",
        ])
        #expect(network.parameterCount == 784 * 1200 + 1200 + 1200 * 1200 + 1200 + 12010)
        let cnn = try Architecture("cnn:28x28x1-c8k5-p2-c16k3s2v-dw3-gap-f32-10,bn")
        let convolutional = try cnn.makeNetwork(seed: 1)
        #expect(convolutional.outputShape(for: [5, 28, 28, 1]).shape == [5, 10])
        #expect(convolutional.layers.contains { $0 is BatchNorm })
        #expect(try Architecture("mlp:4-3-2").makeNetwork(seed: 7).parameters[0].value == (try Architecture("mlp:4-3-2").makeNetwork(seed: 7).parameters[0].value))
        for bad in ["mlp:784", "resnet:50", "mlp:784-x-10", "cnn:28x28-c8k3-10", "cnn:28x28x1-q7-10", "mlp:4-2,dropout=2", "cnn:4x4x1-c8k5v-10"] {
            #expect(throws: Architecture.ParseError.self, "\(bad)") {
                try Architecture(bad).makeNetwork(seed: 1)
            }
        }
    }
}
