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

    /// The scenarios no variant lists (the benchmarks `vmalloc-2x2` and `vmalloc-3x3`,
    /// the general client `any`) build with every variant too, so `--scenario` on any
    /// of them never meets a model error.
    func testEveryScenarioBuildsWithEveryVariant() throws {
        let root = try ModelRoot(directory: modelsDirectory)
        let names = root.scenarioNames()
        XCTAssertTrue(names.contains("vmalloc-2x2") && names.contains("vmalloc-3x3"), "\(names)")
        for name in root.variantNames() {
            let variant = try root.variant(name)
            for scenarioName in names {
                let scenario = try root.scenario(scenarioName)
                let request = BuildRequest(variant: variant, scenario: scenario, options: ["exception-entry-reset": .bool(true)])
                do {
                    let model = try Frontend.build(request)
                    XCTAssertEqual(model.scenario?.taskEntries.count, scenario.tasks.count)
                } catch {
                    XCTFail("\(name) × \(scenarioName): \(error.render())")
                }
            }
        }
        let benchmark = try root.scenario("vmalloc-2x2")
        XCTAssertEqual([benchmark.cpus, benchmark.tasks.count, benchmark.interrupts], [2, 2, 2])
    }
}
