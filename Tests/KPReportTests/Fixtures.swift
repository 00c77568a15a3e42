import Foundation
import KPDriver
import KPFrontend
import KPMachine
import KPReport
import KPTestSupport
import XCTest

/// Reports from real runs of the repository's models, for the renderers to render.
enum Fixtures {
    static let packageRoot = Repository.root.path

    /// Every option point of a variant × scenario, every property.
    static func run(_ variant: String, _ scenario: String, set: [String: String] = [:],
                    coverage: Bool = false) throws -> [JobOutcome] {
        let root = try ModelRoot(directory: packageRoot + "/Models")
        let manifest = try root.variant(variant)
        return try OptionMatrix.points(of: manifest, settings: set).map { options in
            try CheckJob(variant: manifest, scenario: try root.scenario(scenario), options: options,
                         settings: CheckSettings(settings: set, coverage: coverage)).run()
        }
    }

    /// `kpkeys-v4-batching` in `irq-write` at both exception-entry-reset values: two
    /// `pgtable-write-permitted` violations, one n/a, eleven holds.
    static func irqWriteReport() throws -> Report {
        let outcomes = try run("kpkeys-v4-batching", "irq-write")
        return Report(version: kpcheckVersion, results: outcomes.flatMap(\.results), metrics: outcomes.map(\.metrics))
    }

    static func resource(_ name: String) throws -> Data {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil))
        return try Data(contentsOf: url)
    }
}
