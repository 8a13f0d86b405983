import EdgeRuntime

/// Turning `Tensor` tables, their `QuantizationParameters` and their `Buffer`s into `TensorDescription`s.
extension TFLiteModelConverter {
    /// Converts tensor `index` of subgraph 0.
    mutating func convertTensor(at index: Int) throws(TFLiteImportError) -> TensorDescription {
        guard let tensorTable else { throw .invalid("tensor \(index) does not exist") }
        let table = try tensorTable.table(at: index)
        let name = try decodeString(TensorField.name, of: table, "the name of tensor \(index)") ?? ""
        let label = "tensor \(index) \(TFLiteImportError.quoted(name))"

        let shape = try decodeInt32Array(TensorField.shape, of: table, "the shape of \(label)")
        var elementCount = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw .unsupportedTensor("\(label) has a dynamic dimension in shape \(shape)")
            }
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Self.maximumElementCount else {
                throw .unsupportedTensor("\(label) with shape \(shape) has more than \(Self.maximumElementCount) elements")
            }
            elementCount = product
        }

        let typeCode = try table.int8(TensorField.type)
        guard let elementType = TFLiteTensorType.elementType(forCode: typeCode) else {
            throw .unsupportedTensor(
                "\(label) has element type \(TFLiteTensorType.name(ofCode: typeCode)); supported: FLOAT32, INT32, INT8")
        }
        if try table.has(TensorField.sparsity) {
            throw .unsupportedTensor("\(label) is sparse; only dense tensors are supported")
        }
        if try table.bool(TensorField.isVariable) {
            throw .unsupportedTensor("\(label) is a variable tensor; only constants and activations are supported")
        }

        let quantization = try convertQuantization(table.table(TensorField.quantization), shape: shape, label: label)

        let bufferIndex = Int(try table.uint32(TensorField.buffer))
        let data = try bufferContents(at: bufferIndex, label: label)
        var constantData: [UInt8]? = nil
        if bufferIndex != 0, !data.isEmpty {
            let expected = elementCount * elementType.byteWidth
            guard data.count == expected else {
                throw .invalid(
                    "\(label) has shape \(shape) of \(TFLiteTensorType.name(ofCode: typeCode)) (\(expected) bytes) "
                        + "but buffer \(bufferIndex) holds \(data.count) bytes")
            }
            constantData = data
        }
        return TensorDescription(
            name: name, shape: shape, elementType: elementType, quantization: quantization, constantData: constantData)
    }

    /// Scales and zero points of a tensor; `nil` when the tensor has no scale.
    private mutating func convertQuantization(_ table: FlatBufferTable?, shape: [Int], label: String)
        throws(TFLiteImportError) -> QuantizationParameters?
    {
        guard let table else { return nil }
        let detailsType = try table.uint8(QuantizationField.detailsType)
        guard detailsType == 0 else {
            throw .unsupportedTensor("\(label) uses custom quantization (details type \(detailsType))")
        }
        guard let scaleVector = try table.vector(QuantizationField.scale, elementWidth: 4), scaleVector.count > 0 else {
            return nil
        }
        try charge(scaleVector.count * MemoryLayout<Float>.stride, decoding: "the scales of \(label)")
        var scales: [Float] = []
        scales.reserveCapacity(scaleVector.count)
        for position in 0..<scaleVector.count {
            let scale = try scaleVector.float32(at: position)
            guard scale.isFinite, scale >= 0 else {
                throw .invalid("\(label) has quantization scale \(scale) at position \(position)")
            }
            scales.append(scale)
        }

        let zeroPointVector = try table.vector(QuantizationField.zeroPoint, elementWidth: 8)
        guard let zeroPointVector, zeroPointVector.count == scales.count else {
            throw .invalid("\(label) has \(scales.count) scales but \(zeroPointVector?.count ?? 0) zero points")
        }
        try charge(zeroPointVector.count * MemoryLayout<Int32>.stride, decoding: "the zero points of \(label)")
        var zeroPoints: [Int32] = []
        zeroPoints.reserveCapacity(zeroPointVector.count)
        for position in 0..<zeroPointVector.count {
            let zeroPoint = try zeroPointVector.int64(at: position)
            guard let narrowed = Int32(exactly: zeroPoint) else {
                throw .invalid("\(label) has zero point \(zeroPoint) outside the 32-bit range")
            }
            zeroPoints.append(narrowed)
        }

        guard scales.count > 1 else { return QuantizationParameters(scales: scales, zeroPoints: zeroPoints) }
        let axis = Int(try table.int32(QuantizationField.quantizedDimension))
        guard shape.indices.contains(axis), shape[axis] == scales.count else {
            throw .invalid("\(label) has \(scales.count) per-channel scales along dimension \(axis) of shape \(shape)")
        }
        return QuantizationParameters(scales: scales, zeroPoints: zeroPoints, channelAxis: axis)
    }

    /// The bytes of buffer `index` (empty when it holds none), read once and cached.
    ///
    /// Data lives in `Buffer.data`, or, in models written with the large-model extension, at
    /// `Buffer.offset` from the start of the file for `Buffer.size` bytes (offsets 0 and 1 mean none).
    private mutating func bufferContents(at index: Int, label: String) throws(TFLiteImportError) -> [UInt8] {
        if let cached = bufferCache[index] { return cached }
        let bufferCount = buffers?.count ?? 0
        guard let buffers, index < bufferCount else {
            // Buffer 0 is the empty sentinel; a model without buffers is fine for tensors that use it.
            if index == 0 { return [] }
            throw .invalid("\(label) refers to buffer \(index); the model has \(bufferCount) buffers")
        }
        let table = try buffers.table(at: index)
        var contents: [UInt8] = []
        if let data = try table.vector(BufferField.data, elementWidth: 1), data.count > 0 {
            try charge(data.count, decoding: "buffer \(index)")
            contents = data.byteArray()
        } else {
            let offset = try table.uint64(BufferField.offset)
            let size = try table.uint64(BufferField.size)
            if offset > 1 {
                let fileSize = UInt64(reader.count)
                guard offset <= fileSize, size <= fileSize - offset else {
                    throw .malformed(
                        "buffer \(index) data (offset \(offset), \(size) bytes) extends past the end of the "
                            + "\(reader.count)-byte file", at: table.position)
                }
                try charge(Int(size), decoding: "buffer \(index)")
                contents = try reader.byteArray(at: Int(offset), length: Int(size), reading: "buffer \(index) data")
            }
        }
        bufferCache[index] = contents
        return contents
    }
}
