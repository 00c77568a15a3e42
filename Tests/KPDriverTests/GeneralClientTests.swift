import KPDriver
import KPExplorer
import KPMachine
import KPReport
import XCTest

/// The most general client (`any`) finds what the eight hand-written scenarios miss.
final class GeneralClientTests: XCTestCase {
    /// A pause outside any section: no scenario pauses at the top level, so only `any` runs
    /// the mutant's arch_leave_lazy_mmu_mode() there, which restores a POR_EL1 value no
    /// section ever saved (0).
    func testPauseOutsideASectionIsFoundOnlyByTheGeneralClient() throws {
        let mutant = [TestModels.mutant("pause-without-section")]
        for scenario in try TestModels.root.variant("kpkeys-v8").defaultScenarios ?? [] {
            for reset in ["true", "false"] {
                let outcome = try TestModels.check("kpkeys-v8", scenario, overrides: mutant,
                                                   set: ["exception-entry-reset": reset])
                XCTAssertEqual(outcome.worst, .holds, "\(scenario) reset=\(reset)")
            }
        }
        let any = try TestModels.check("kpkeys-v8", "any", overrides: mutant, set: ["exception-entry-reset": "false"],
                                       properties: [.otherPkeysPreserved, .porRestored], search: .interleaved)
        XCTAssertEqual(any.result(.otherPkeysPreserved)?.trace?.count, 5)
        XCTAssertEqual(any.result(.porRestored)?.trace?.count, 8)
        XCTAssertEqual(any.result(.porRestored)?.message, "after lazy_mmu_mode_pause(), POR_EL1 is 0, not DEFAULT as on entry")
    }

    /// Two CPUs, two tasks, unbounded interrupts, sections nested 2 deep: every execution,
    /// of any length. Without partial-order reduction this passes 40 million states; with
    /// it, a quarter of a million (261,558), and with symmetry reduction too (the CPUs
    /// trade places, and so do the tasks) 174,399.
    func testTwoCPUsWithInterruptsHoldForMainline() throws {
        let outcome = try TestModels.check("mainline", "any", set: ["exception-entry-reset": "false",
                                                                     "preemption": "false"], search: .interleaved)
        XCTAssertEqual(outcome.worst, .holds)
        XCTAssertEqual(outcome.metrics.states, 177_535)
        XCTAssertEqual(outcome.metrics.bounds,
                       "2 CPUs, 2 tasks (and an idle task per CPU), unbounded interrupts nesting 1 deep, no preemption, nest=2")
    }
}

/// The modular search (each CPU on its own, waiting tasks shared): what it proves and
/// what it finds, against the interleaved search.
final class ModularGeneralClientTests: XCTestCase {
    /// One CPU: small enough to run both searches in a test. With preemption (so tasks
    /// wait in the pool and are taken again) and no lazy sections; without preemption
    /// and sections one deep, where v4 breaks.
    private let preempted = ["exception-entry-reset": "false", "nest": "0"]
    private let nested = ["exception-entry-reset": "true", "nest": "1", "preemption": "false"]

    func testModularAndInterleavedSearchesAgree() throws {
        var outcomes: [String: JobOutcome] = [:]
        for (variant, set) in [("kpkeys-v8", preempted), ("kpkeys-v8", nested), ("kpkeys-v4-batching", nested)] {
            let interleaved = try TestModels.check(variant, "any-1cpu", set: set, search: .interleaved)
            let modular = try TestModels.check(variant, "any-1cpu", set: set, search: .modular)
            XCTAssertEqual(modular.results.map(\.status), interleaved.results.map(\.status), "\(variant) \(set)")
            XCTAssertEqual(modular.results.map { $0.trace?.count }, interleaved.results.map { $0.trace?.count }, variant)
            outcomes["\(variant) \(set["nest"]!)"] = modular
        }
        let v4 = try XCTUnwrap(outcomes["kpkeys-v4-batching 1"])
        XCTAssertEqual(v4.status(.pgtableWritePermitted), .violated)
        XCTAssertEqual(v4.status(.porRestored), .holds)
        let v8 = try XCTUnwrap(outcomes["kpkeys-v8 0"])
        XCTAssertEqual(v8.worst, .holds)
        XCTAssertEqual(v8.metrics.bounds, "1 CPU, 1 task (and an idle task per CPU), unbounded interrupts nesting 1 deep, "
                       + "preemption, nest=0, modular search (each CPU on its own, waiting tasks shared)")
    }

    /// Summarizing what happens between task-level states changes what is stored, not
    /// what is found: the same findings, far fewer views; and the preempted task goes
    /// through the pool (items, views that take them, offers).
    func testSummarizedStepsFindWhatSingleStepsFind() throws {
        var runs: [Bool: ModularResult<Violation>] = [:]
        for summarize in [true, false] {
            let job = try TestModels.job("kpkeys-v8", "any-1cpu", set: ["exception-entry-reset": "false", "nest": "0"])
            let machine = try Machine(config: try job.machineConfig())
            machine.summarizesSteps = summarize
            let result = try ModularSearch(system: machine).run()
            XCTAssertEqual(result.outcome, .complete)
            XCTAssertTrue(result.findings.isEmpty, "\(result.findings)")
            XCTAssertGreaterThan(result.items, 100)
            XCTAssertGreaterThan(result.offers, 500)
            runs[summarize] = result
        }
        let summarized = try XCTUnwrap(runs[true]), single = try XCTUnwrap(runs[false])
        XCTAssertEqual(summarized.views, 13_399)
        XCTAssertLessThanOrEqual(summarized.views * 4, single.views)
    }

    /// Two CPUs with preemption: tasks migrate, each CPU switching to whatever another
    /// left waiting. The modular search proves it for mainline (no lazy sections, so it
    /// fits a test: the acceptance's nest=2 runs in the README's figures), and finds
    /// v4's fault with its shortest trace, confirmed by the interleaved search.
    func testTwoCPUsWithPreemption() throws {
        let mainline = try TestModels.check("mainline", "any", set: ["exception-entry-reset": "false", "nest": "0"],
                                            search: .modular)
        XCTAssertEqual(mainline.worst, .holds)
        XCTAssertEqual(mainline.metrics.states, 78_159)
        XCTAssertEqual(mainline.metrics.bounds, "2 CPUs, 2 tasks (and an idle task per CPU), unbounded interrupts "
                       + "nesting 1 deep, preemption, nest=0, modular search (each CPU on its own, waiting tasks shared)")
        let v4 = try TestModels.check("kpkeys-v4-batching", "any", set: ["exception-entry-reset": "false"],
                                      properties: [.pgtableWritePermitted], search: .modular)
        XCTAssertEqual(v4.status(.pgtableWritePermitted), .violated)
        XCTAssertEqual(v4.result(.pgtableWritePermitted)?.trace?.count, 7)
    }

    /// The mutant only the general client catches, found by the modular search on two
    /// CPUs and confirmed (with its shortest trace) by the interleaved one.
    func testModularSearchCatchesThePauseMutant() throws {
        let outcome = try TestModels.check("kpkeys-v8", "any", overrides: [TestModels.mutant("pause-without-section")],
                                           set: ["exception-entry-reset": "false", "nest": "1", "preemption": "false"],
                                           search: .modular)
        XCTAssertEqual(outcome.status(.otherPkeysPreserved), .violated)
        XCTAssertEqual(outcome.result(.otherPkeysPreserved)?.trace?.count, 5)
        XCTAssertEqual(outcome.status(.pgtableWritePermitted), .holds)
    }

    /// The modular search decides up front which tasks' pkeys 2-7 fields are equal, and
    /// which equal POR_EL1_INIT's: one case per set partition of the fields, less the
    /// cases an automorphism of the initial configuration maps to a kept one (two CPUs
    /// trade places with the tasks they start running and their idle tasks, if those
    /// tasks run one function). Each case starts one view per CPU.
    func testTheModularSearchStartsOneCasePerPartitionUpToSymmetry() throws {
        func initialViews(_ scenario: String, _ set: [String: String] = [:]) throws -> [[UInt32]] {
            try Machine(config: try TestModels.job("kpkeys-v8", scenario, set: set).machineConfig()).initialViews().views
        }
        // 4 tasks and POR_EL1_INIT: 52 partitions; the CPU swap fixes 12: (52 + 12) / 2.
        XCTAssertEqual(try initialViews("any").count, 32 * 2)
        // A task, the idle task and POR_EL1_INIT: 5 partitions, nothing to swap.
        XCTAssertEqual(try initialViews("any-1cpu").count, 5)
        // Two tasks that run different code: not even the CPUs swap.
        XCTAssertEqual(try initialViews("vmalloc", ["interrupts": "0"]).count, 52 * 2)
    }

    /// A bounded interrupt budget is shared by the CPUs: the modular search refuses it.
    func testModularSearchRefusesASharedInterruptBudget() throws {
        XCTAssertThrowsError(try TestModels.check("kpkeys-v8", "irq-write", search: .modular)) { error in
            XCTAssertTrue("\(error)".contains("the modular search does not apply: a bounded interrupt budget is shared by all CPUs"),
                          "\(error)")
        }
    }
}
