import Distiller
import Foundation
import Testing

@Suite struct DataDirectoryTests {
    @Test func explicitFlagWinsOverEnvironmentAndDefault() {
        let directory = DataDirectory(explicit: "/data/a", environment: ["EDGE_DISTILL_DATA": "/data/b"])
        #expect(directory.url.path == "/data/a")
        #expect(directory.dataset("mnist").path == "/data/a/mnist")
    }

    @Test func environmentWinsOverDefault() {
        #expect(DataDirectory(explicit: nil, environment: ["EDGE_DISTILL_DATA": "/data/b"]).url.path == "/data/b")
        #expect(DataDirectory(explicit: "", environment: ["EDGE_DISTILL_DATA": "/data/b"]).url.path == "/data/b")
    }

    @Test func defaultIsTheSharedDatasetsFolder() {
        #expect(DataDirectory(explicit: nil, environment: [:]).url.path.hasSuffix("shared/datasets"))
    }
}
