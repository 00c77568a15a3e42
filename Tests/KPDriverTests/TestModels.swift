import Foundation
import KPDriver
import KPFrontend
import KPMachine
import KPProperties
import KPReport
import KPTestSupport
import XCTest

/// The repository's own models, and mutants of them, for end-to-end tests.
enum TestModels {
    static let packageRoot = Repository.root.path

    static var root: ModelRoot {
        get throws { try ModelRoot(directory: packageRoot + "/Models") }
    }

    static func mutant(_ name: String) -> String {
        packageRoot + "/Tests/Mutants/\(name).c"
    }

    /// kpkeys-v8 on `vmalloc` with `ptes=1` and the reset, and up to three mutants of it
    /// that each delete a barrier: small searches, some of which violate, for the tests
    /// that compare two ways of running one search.
    static func vmallocAndBarrierMutants() throws -> [(label: String, config: MachineConfig)] {
        let run = try MutationRun(root: try root, variant: "kpkeys-v8", scenarios: ["vmalloc"],
                                  settings: ["exception-entry-reset": "true", "ptes": "1"])
        let target = try XCTUnwrap(run.targets.first)
        var configs = [("kpkeys-v8 vmalloc", target.config)]
        for mutant in run.mutants().filter({ $0.kind == .deleteBarrier }).prefix(3) {
            guard let program = mutant.apply(to: target.config.program) else { continue }
            var config = target.config
            config.program = program
            configs.append(("\(mutant.location): \(mutant.description)", config))
        }
        return configs
    }

    /// Checks one variant × scenario at the option values given (others from the manifest).
    static func check(_ variant: String, _ scenario: String, overrides: [String] = [], set: [String: String] = [:],
                      properties: [Property]? = nil, maxStates: Int = 2_000_000,
                      reduction: Reduction = .partialOrder, search: SearchMethod? = nil,
                      exact: Bool = false, symmetry: SymmetryReduction = .on) throws -> JobOutcome {
        try job(variant, scenario, overrides: overrides, set: set, properties: properties, maxStates: maxStates,
                reduction: reduction, search: search, exact: exact, symmetry: symmetry).run()
    }

    static func job(_ variant: String, _ scenario: String, overrides: [String] = [], set: [String: String] = [:],
                    properties: [Property]? = nil, maxStates: Int = 2_000_000,
                    reduction: Reduction = .partialOrder, search: SearchMethod? = nil,
                    exact: Bool = false, symmetry: SymmetryReduction = .on) throws -> CheckJob {
        let root = try root
        let manifest = try root.variant(variant)
        let options = try XCTUnwrap(OptionMatrix.points(of: manifest, settings: set).first)
        return CheckJob(variant: manifest, scenario: try root.scenario(scenario), options: options,
                        settings: CheckSettings(properties: properties, maxStates: maxStates, overrides: overrides,
                                                settings: set, reduction: reduction, search: search, exact: exact,
                                                symmetry: symmetry))
    }
}

extension JobOutcome {
    func status(_ property: Property) -> Status? {
        results.first { $0.property == property.name }?.status
    }

    func result(_ property: Property) -> CheckResult? {
        results.first { $0.property == property.name }
    }
}
