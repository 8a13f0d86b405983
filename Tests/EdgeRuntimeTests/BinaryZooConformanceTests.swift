import Testing

/// The zoo models that need the binary element-wise operators (robot_sector_mlp: SUB, MUL, MINIMUM,
/// MAXIMUM, PRELU; kws_transformer_fsdd: ADD with constants, MUL, SQUARED_DIFFERENCE;
/// mobilenet_v3_small_075_96: MUL broadcast over channels, ADD), checked as `ZooConformanceTests`
/// checks the others: TFLM's outputs bit for bit on all 16 inputs.
@Suite struct BinaryZooConformanceTests {
    @Test(arguments: ["robot_sector_mlp", "kws_transformer_fsdd", "mobilenet_v3_small_075_96"])
    func outputsMatchTFLM(model: String) throws {
        try ZooConformanceTests().outputsMatchTFLM(model: model)
    }
}
