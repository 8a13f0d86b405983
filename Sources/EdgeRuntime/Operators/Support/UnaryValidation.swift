extension OperatorValidation {
    /// One arena input of element type `input` and one output of type `output` with the same number
    /// of elements (TFLM's `MatchingFlatSize`): the checks every element-wise unary operator starts with.
    @discardableResult
    func unary(_ input: ElementType, _ output: ElementType) throws(ModelError) -> (input: TensorRecord, output: TensorRecord) {
        try counts(inputs: 1...1, outputs: 1)
        let x = try self.input(0, input, constant: false)
        let y = try self.output(0, output)
        try shape(y.elementCount == x.elementCount, record.output(0))
        return (x, y)
    }

    /// An int8 zero point stored in a word: `-128...127`.
    func zeroPoint<Word: RawRepresentable>(_ word: Word) throws(ModelError) where Word.RawValue == Int {
        try self.word(word, in: -128...127)
    }
}
