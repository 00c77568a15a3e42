import KPDriver
import KPMachine
import KPReport
import XCTest

/// The machine does what Linux and the architecture do (DESIGN.md §3): each test is a
/// model whose verdict was wrong before the rule it names was right.
final class KernelSemanticsTests: XCTestCase {
    /// FEAT_ExS (no synchronization at ERET): an exception that adds no unsynchronized
    /// value owes nothing at its return. The interrupted `write; isb()` synchronizes its
    /// own write with the next instruction; it used to be flagged in 4 steps (write,
    /// interrupt entry, ERET).
    func testAnExceptionReturnUnderFeatExSOwesOnlyWhatTheExceptionAdded() throws {
        var set = ["feat-exs": "true", "exception-entry-reset": "false", "preemption": "false"]
        let quiet = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", set: set, properties: [.isbBeforeUse])
        XCTAssertEqual(quiet.status(.isbBeforeUse), .holds)
        // With preemption a real one remains: T1 is interrupted between its restore and
        // the isb, and switched to T0 whose value is the same, so the hook writes nothing
        // and issues no isb; with no synchronizing exception, T0 resumes while T1's
        // PGTABLES value may still be used.
        set["preemption"] = "true"
        let preempted = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", set: set, properties: [.isbBeforeUse])
        let trace = try XCTUnwrap(preempted.result(.isbBeforeUse)?.trace)
        XCTAssertEqual(trace.count, 26)
        XCTAssertEqual(trace.last?.location, "<resume>")
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

    /// A task switched out at an unlock's preempt_enable() resumes in its own code, with
    /// no exception return: only the switch hook's isb makes its value take effect.
    /// Without it, the task resumes (on either CPU) while a permission check may still
    /// use the previous task's value.
    func testASwitchWithoutExceptionReturnNeedsTheSwitchHooksISB() throws {
        let overrides = [TestModels.mutant("switch-without-isb")]
        for reset in ["true", "false"] {
            let outcome = try TestModels.check("kpkeys-v8", "vmalloc", overrides: overrides,
                                               set: ["exception-entry-reset": reset])
            let stale = try XCTUnwrap(outcome.result(.isbBeforeUse)?.trace, "reset=\(reset)")
            XCTAssertEqual(stale.count, 22, "reset=\(reset)")
            XCTAssertTrue(stale.contains { $0.action.text.contains("reschedule at preempt_enable()") })
            XCTAssertTrue(stale.contains { $0.action.text.contains("(voluntary: no exception return)") })
            XCTAssertEqual(stale.last?.location, "<resume>")
            XCTAssertEqual(outcome.result(.pgtableWritePermitted)?.trace?.count, 23, "reset=\(reset)")
        }
        // The shipped hook, with its isb, is right.
        let shipped = try TestModels.check("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "false"])
        XCTAssertEqual(shipped.worst, .holds)
    }

    /// Softirqs also run at `local_bh_enable()`, in the task's own context: no
    /// exception, so the entry reset does not apply. Inside a batched lazy section
    /// (v8's patch 22, v4's batching) POR_EL1 is PGTABLES there, and a softirq raised
    /// by an interrupt while bottom halves were off starts with page tables writable:
    /// 18 steps (enter the section, disable BHs, interrupt, ERET, enable BHs). The
    /// unbatched series opens PGTABLES only inside each write's guard, so nothing runs
    /// there; mainline has no kpkeys (both hold: 4 minutes of a debug build, so measured
    /// with `kpcheck check V --scenario any-1cpu --set nest=1 --set exception-entry-reset=true`).
    func testASoftirqAtLocalBHEnableInsideABatchedSectionStartsInPGTABLES() throws {
        let set = ["exception-entry-reset": "true", "nest": "1"]
        for variant in ["kpkeys-v8", "kpkeys-v4-batching"] {
            let outcome = try TestModels.check(variant, "any-1cpu", set: set, properties: [.irqDefaultContext])
            let trace = try XCTUnwrap(outcome.result(.irqDefaultContext)?.trace, variant)
            XCTAssertEqual(trace.count, 18, variant)
            XCTAssertTrue(trace.last?.action.text.hasPrefix("local_bh_enable()") ?? false, "\(variant): \(String(describing: trace.last))")
        }
    }
}
