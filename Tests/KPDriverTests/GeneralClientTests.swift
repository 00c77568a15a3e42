import KPDriver
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
                                       properties: [.otherPkeysPreserved, .porRestored])
        XCTAssertEqual(any.result(.otherPkeysPreserved)?.trace?.count, 5)
        XCTAssertEqual(any.result(.porRestored)?.trace?.count, 8)
        XCTAssertEqual(any.result(.porRestored)?.message, "after lazy_mmu_mode_pause(), POR_EL1 is 0, not DEFAULT as on entry")
    }

    /// Two CPUs, two tasks, unbounded interrupts, sections nested 2 deep: every execution,
    /// of any length. Without the reduction this passes 40 million states; with it, a
    /// quarter of a million.
    func testTwoCPUsWithInterruptsHoldForMainline() throws {
        let outcome = try TestModels.check("mainline", "any", set: ["exception-entry-reset": "false",
                                                                     "preemption": "false"])
        XCTAssertEqual(outcome.worst, .holds)
        XCTAssertEqual(outcome.metrics.states, 261_558)
        XCTAssertEqual(outcome.metrics.bounds,
                       "2 CPUs, 2 tasks (and an idle task per CPU), unbounded interrupts nesting 1 deep, no preemption, nest=2")
    }
}
