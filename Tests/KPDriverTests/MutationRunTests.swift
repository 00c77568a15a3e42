import Foundation
import KPDriver
import KPReport
import XCTest

/// `kpcheck mutate`: which mutants exist, and that the properties kill the ones the
/// kpkeys design says they must.
final class MutationRunTests: XCTestCase {
    func makeRun() throws -> MutationRun {
        try MutationRun(root: try TestModels.root, variant: "kpkeys-v8", scenarios: ["vmalloc", "user-zap"],
                        settings: ["exception-entry-reset": "false"])
    }

    func testMutantsComeFromTheVariantsOwnCode() throws {
        let run = try makeRun()
        let mutants = run.mutants()
        XCTAssertTrue(mutants.allSatisfy { run.isOwn($0.location.file) })
        XCTAssertFalse(mutants.contains { $0.location.file.contains("scenarios/") || $0.location.file.hasSuffix("por.h") })
        let files = Set(mutants.map { ($0.location.file as NSString).lastPathComponent })
        XCTAssertEqual(files, ["kpkeys.h", "pgtable.h", "lazy_mmu.h", "entry.c", "batching.c"])
        for kind in [Mutation.Kind.deleteBarrier, .deleteStatement, .swapAdjacent, .negateCondition, .replaceCall] {
            XCTAssertTrue(mutants.contains { $0.kind == kind }, "no \(kind.rawValue) mutant")
        }
        // One per isb/dsb of the own code (kernel_entry_el1's isb only exists with the reset).
        XCTAssertEqual(mutants.filter { $0.kind == .deleteBarrier }.map(\.function).sorted(),
                       ["arch_kpkeys_restore_pkey_reg", "arch_kpkeys_set_context", "emit_pte_barriers",
                        "emit_pte_barriers", "permission_overlay_switch"].sorted())
    }

    func testTheMutantsTheDesignNeedsAreKilled() throws {
        let run = try makeRun()
        let mutants = run.mutants()
        // Without this isb, the stores after a switch to PGTABLES may still be checked
        // against the old, read-only value.
        let noSwitchISB = try XCTUnwrap(mutants.first { $0.kind == .deleteBarrier && $0.function == "arch_kpkeys_set_context" })
        // With no barrier pending (user PTEs only: user-zap) nothing synchronizes the
        // restore when the section ends.
        let nosyncExit = try XCTUnwrap(mutants.first {
            $0.kind == .replaceCall && $0.function == "kpkeys_lazy_mmu_exit"
                && $0.description == "arch_kpkeys_restore_pkey_reg → __kpkeys_set_pkey_reg_nosync"
        })
        let verdicts = try run.check([noSwitchISB, nosyncExit])
        XCTAssertEqual(verdicts[0].killedBy?.property, "pgtable-write-permitted")
        XCTAssertEqual(verdicts[0].killedBy?.job, "vmalloc exception-entry-reset=false")
        XCTAssertEqual(verdicts[1].killedBy?.property, "isb-before-use")
        XCTAssertEqual(verdicts[1].killedBy?.job, "user-zap exception-entry-reset=false")
        // vmalloc always has a barrier pending at the exit: it cannot tell.
        XCTAssertEqual(verdicts[1].survivedIn, ["vmalloc exception-entry-reset=false"])

        let report = MutationReport.render(verdicts, variant: "kpkeys-v8")
        XCTAssertTrue(report.contains("kernel/kpkeys.h:73  arch_kpkeys_set_context: delete isb()  — killed by pgtable-write-permitted"), report)
        XCTAssertTrue(report.hasSuffix("Mutation score: 2/2\n"), report)
    }

    /// The switch hook's isb is what makes the next task's value take effect when the
    /// switch comes with no exception return (the unlock's preempt_enable() in vmalloc's
    /// section): deleting it is killed, not reported as redundant (it used to be, when
    /// tasks were only ever switched on interrupt return).
    func testTheSwitchHooksISBIsNeeded() throws {
        let run = try makeRun()
        let switchISB = try XCTUnwrap(run.mutants().first {
            $0.kind == .deleteBarrier && $0.function == "permission_overlay_switch"
        })
        let verdicts = try run.check([switchISB])
        // The task resumes after the unlock with the previous task's value still usable.
        XCTAssertEqual(verdicts[0].killedBy?.property, "isb-before-use")
        XCTAssertEqual(verdicts[0].killedBy?.job, "vmalloc exception-entry-reset=false")
        let report = MutationReport.render(verdicts, variant: "kpkeys-v8")
        XCTAssertTrue(report.contains("Redundant barrier candidates: 0"), report)
        XCTAssertTrue(report.hasSuffix("Mutation score: 1/1\n"), report)
    }

    /// user-zap writes user PTEs only: the barriers of a kernel PTE store are never
    /// needed there, and the report lists them as candidates.
    func testARedundantBarrierIsReported() throws {
        let run = try MutationRun(root: try TestModels.root, variant: "kpkeys-v8", scenarios: ["user-zap"],
                                  settings: ["exception-entry-reset": "false"])
        let barrierISB = try XCTUnwrap(run.mutants().first {
            $0.kind == .deleteBarrier && $0.function == "emit_pte_barriers" && $0.description.contains("isb")
        })
        let verdicts = try run.check([barrierISB])
        XCTAssertNil(verdicts[0].killedBy)
        let report = MutationReport.render(verdicts, variant: "kpkeys-v8")
        XCTAssertTrue(report.contains("Redundant barrier candidates: 1\n  kernel/pgtable.h:51  emit_pte_barriers: delete isb(); unnecessary in: user-zap exception-entry-reset=false"), report)
        XCTAssertTrue(report.hasSuffix("Mutation score: 0/1\n"), report)
    }
}
