import KPDriver
import KPMachine
import KPReport
import XCTest

/// The machine does what Linux and the architecture do (DESIGN.md §3): each test is a
/// model whose verdict was wrong before the rule it names was right.
final class KernelSemanticsTests: XCTestCase {
    /// FEAT_ExS (no synchronization at ERET): an exception that adds no unsynchronized
    /// value owes nothing at its return. The interrupted `write; isb()` synchronizes its
    /// own write with the next instruction; it used to be flagged in 4 steps.
    func testAnExceptionReturnUnderFeatExSOwesOnlyWhatTheExceptionAdded() throws {
        let set = ["feat-exs": "true", "exception-entry-reset": "false"]
        let outcome = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", set: set, properties: [.isbBeforeUse])
        XCTAssertEqual(outcome.status(.isbBeforeUse), .holds)
    }

    /// With the entry reset, the exit path restores the interrupted value and relies on
    /// ERET to synchronize it; under FEAT_ExS it does not, so that value is the
    /// exception's debt, and a store in the interrupted section may use DEFAULT.
    func testTheEntryResetStillBreaksUnderFeatExS() throws {
        let set = ["feat-exs": "true", "exception-entry-reset": "true"]
        let outcome = try TestModels.check("kpkeys-v8", "irq-write", set: set,
                                           properties: [.isbBeforeUse, .pgtableWritePermitted])
        XCTAssertEqual(outcome.result(.isbBeforeUse)?.trace?.count, 14)
        XCTAssertEqual(outcome.result(.pgtableWritePermitted)?.trace?.count, 20)
    }

    /// Five POR_EL1 values unsynchronized at once on one CPU (a switch hook without its
    /// isb, under FEAT_ExS): the set grows as needed. It used to end the run with exit 2.
    func testEffGrowsPastFourValues() throws {
        let set = ["feat-exs": "true", "exception-entry-reset": "false"]
        let outcome = try TestModels.check("kpkeys-v8", "switch", overrides: [TestModels.mutant("switch-without-isb")],
                                           set: set)
        XCTAssertEqual(outcome.status(.pgtableWritePermitted), .violated)
        XCTAssertTrue(outcome.statistics.contains("at most 5 POR_EL1 values unsynchronized at once"), outcome.statistics)
    }
}
