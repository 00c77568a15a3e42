import KPIR
import XCTest
@testable import KPFrontend

final class ZZDump: XCTestCase {
    func testTime() throws {
        let root = try ModelRoot(directory: modelsDirectory)
        let request = BuildRequest(variant: try root.variant("kpkeys-v8"), scenario: try root.scenario("vmalloc"))
        let start = clock()
        for _ in 0..<200 { _ = try Frontend.build(request) }
        print("per build cpu ms", Double(clock() - start) / Double(CLOCKS_PER_SEC) * 5)
    }
}
