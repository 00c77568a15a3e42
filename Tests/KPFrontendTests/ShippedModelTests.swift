import KPIR
import XCTest
@testable import KPFrontend

/// Every shipped variant builds with each of its scenarios and every option value.
final class ShippedModelTests: XCTestCase {
    func testEveryVariantBuildsWithItsScenarios() throws {
        let root = try ModelRoot(directory: modelsDirectory)
        XCTAssertFalse(root.variantNames().isEmpty)
        for name in root.variantNames() {
            let variant = try root.variant(name)
            for scenario in try root.scenarios(of: variant) {
                for reset in variant.options["exception-entry-reset"] ?? [] {
                    let request = BuildRequest(variant: variant, scenario: scenario, options: ["exception-entry-reset": reset])
                    do {
                        let model = try Frontend.build(request)
                        XCTAssertEqual(model.scenario?.taskEntries.count, scenario.tasks.count)
                        XCTAssertNotNil(model.program.constants["TIF_LAZY_MMU_PENDING"])
                        // Every helper a variant's override adds is used.
                        XCTAssertEqual(model.warnings.map(\.description), [], "\(name) × \(scenario.name)")
                    } catch {
                        XCTFail("\(name) × \(scenario.name): \(error.render())")
                    }
                }
            }
        }
    }
}
