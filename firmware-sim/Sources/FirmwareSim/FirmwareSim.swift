/// The device simulator's version, printed in reports.
public enum FirmwareSim {
    /// Version of the cost model and report format.
    public static let version = "0.1"
}
