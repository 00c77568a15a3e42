import Foundation
import KPDriver
import KPReport
import XCTest

/// `kpcheck compare`: verdict rows with disagreements first, cost rows with their
/// min/max over complete runs, sweeps, traces of disagreements, renderings.
final class CompareTests: XCTestCase {
    /// Canonical counts of vmalloc with N kernel PTEs (exception-entry-reset=false), from
    /// the models. The canonical schedule runs `vmalloc_task` then `single_write_task`
    /// on one CPU; every task shares one POR_EL1 value there, so
    /// `permission_overlay_switch` never writes, and each of the two switches
    /// (T0 → T1, T1 → idle) issues `__switch_to`'s dsb(ish): 2 DSBs.
    ///
    /// kpkeys-v8-unbatched: every `set_pte` opens the pgtables guard: a write and an isb
    /// to switch (`arch_kpkeys_set_context`), a write and an isb to restore
    /// (`arch_kpkeys_restore_pkey_reg`). In the lazy section the first store sets
    /// TIF_LAZY_MMU_PENDING and `lazy_mmu_mode_disable` flushes it: one
    /// `emit_pte_barriers` (dsb, isb). `single_write_task` writes outside lazy mode:
    /// its guard (2 writes, 2 isbs) and `emit_pte_barriers` (dsb, isb).
    ///   ISB = 2N + 1 + 3 = 2N + 4, DSB = 1 + 1 + 2 = 4, POR_EL1 writes = 2N + 2,
    ///   exposure 0: POR_EL1 grants W only around each store.
    ///
    /// kpkeys-v8: `kpkeys_lazy_mmu_enter` switches once (1 write, 1 isb); the guard is a
    /// no-op in the section; `kpkeys_lazy_mmu_exit` finds the flag set and restores
    /// with `__kpkeys_set_pkey_reg_nosync` (1 write, no isb), whose CSE is the flush's
    /// isb (dsb, isb). `single_write_task` as above: 2 writes, 3 isbs, 1 dsb.
    ///   ISB = 1 + 1 + 3 = 5, DSB = 4, POR_EL1 writes = 2 + 2 = 4, whatever N.
    ///   Exposure: the ordinary steps while PGTABLES may be in effect: saving the
    ///   previous value in `por_el1_lazy_mmu`; per store `queue_pte_barriers`'s
    ///   test_thread_flag (N), plus its set_thread_flag once; `enable_count = 0`;
    ///   the exit's test_thread_flag; the flush's test_and_clear_thread_flag, which
    ///   runs after the unsynchronized restore; and the unlock's preempt_enable()
    ///   between two pages (N - 1):  2N + 4.
    func testSweepOfVmallocCosts() throws {
        let job = CompareJob(root: try TestModels.root,
                             columns: [.init(name: "kpkeys-v8-unbatched", variant: "kpkeys-v8-unbatched"),
                                       .init(name: "kpkeys-v8", variant: "kpkeys-v8")],
                             scenarios: ["vmalloc"], settings: ["exception-entry-reset": "false"],
                             sweep: .init(key: "ptes", values: ["1", "2", "3"]))
        let table = try job.run()
        XCTAssertEqual(table.costs.map { $0.key.sweep }, ["ptes=1", "ptes=2", "ptes=3"])
        for (row, n) in zip(table.costs, [1, 2, 3]) {
            let unbatched = try XCTUnwrap(row.cells[0]), batched = try XCTUnwrap(row.cells[1])
            XCTAssertEqual([unbatched.isb, unbatched.dsb, unbatched.porWrites, unbatched.exposure],
                           [2 * n + 4, 4, 2 * n + 2, 0], "unbatched, N = \(n)")
            XCTAssertEqual([batched.isb, batched.dsb, batched.porWrites, batched.exposure],
                           [5, 4, 4, 2 * n + 4], "kpkeys-v8, N = \(n)")
            for cell in [unbatched, batched] {
                // The canonical schedule is one of the complete runs.
                XCTAssertTrue((cell.range.minISB...cell.range.maxISB).contains(cell.isb))
                XCTAssertTrue((cell.range.minDSB...cell.range.maxDSB).contains(cell.dsb))
                XCTAssertTrue((cell.range.minPORWrites...cell.range.maxPORWrites).contains(cell.porWrites))
                XCTAssertGreaterThanOrEqual(cell.range.maxExposure, cell.exposure)
                XCTAssertFalse(cell.range.cyclic)
                XCTAssertGreaterThan(cell.states, 1_000)
            }
            // Interrupts and preemption add writes and barriers in some runs.
            XCTAssertGreaterThan(batched.range.maxISB, batched.range.minISB)
        }
        XCTAssertFalse(table.verdicts.contains(where: \.disagrees))
        XCTAssertEqual(Set(table.verdicts.flatMap { $0.cells.map { $0?.status } }), ["holds", "n/a"])

        let summary = CompareRenderer.summary(table)
        XCTAssertTrue(summary.contains(
            "fewer ISBs in 3 of 3 rows (most in vmalloc ptes=3 exception-entry-reset=false: 10 → 5)"), summary)
        XCTAssertTrue(summary.contains("fewer POR_EL1 writes in 2 of 3 rows"), summary)
        XCTAssertTrue(summary.contains("Weaker: page tables stay writable over more ordinary kernel steps in 3 of 3 rows "
            + "(most in vmalloc ptes=3 exception-entry-reset=false: exposure 0 → 10"), summary)
        XCTAssertTrue(summary.contains("No verdict went from holds to violated."), summary)
        let markdown = CompareRenderer.markdown(table)
        XCTAssertTrue(markdown.hasPrefix("|  | row | kpkeys-v8-unbatched | kpkeys-v8 | Δ (B − A) |\n|---|:---|"), markdown)
        XCTAssertTrue(markdown.contains("| vmalloc ptes=3 exception-entry-reset=false ISBs | 10 ["), markdown)
    }

    func testIrqWriteDisagreementComesFirstWithItsTrace() throws {
        let job = CompareJob(root: try TestModels.root,
                             columns: [.init(name: "kpkeys-v8", variant: "kpkeys-v8"),
                                       .init(name: "kpkeys-v4-batching", variant: "kpkeys-v4-batching")],
                             scenarios: ["irq-write", "user-zap"], settings: ["exception-entry-reset": "false"])
        let table = try job.run()
        let first = try XCTUnwrap(table.verdicts.first)
        XCTAssertTrue(first.disagrees)
        XCTAssertEqual(first.key.scenario, "irq-write")
        XCTAssertEqual(first.key.property, "pgtable-write-permitted")
        XCTAssertEqual(first.cells[0]?.text, "holds")
        XCTAssertEqual(first.cells[1]?.status, "violated")
        XCTAssertGreaterThan(first.cells[1]?.steps ?? 0, 0)
        XCTAssertEqual(table.verdicts.filter(\.disagrees).count, 1)
        let lines = CompareRenderer.text(table).split(separator: "\n")
        XCTAssertTrue(lines[2].hasPrefix("≠  irq-write"), String(lines[2]))
        XCTAssertTrue(lines[3].hasPrefix("   irq-write"), String(lines[3]))
        XCTAssertTrue(CompareRenderer.summary(table).contains(
            "Broke (holds → violated): irq-write exception-entry-reset=false pgtable-write-permitted."))

        let trace = try XCTUnwrap(table.disagreementTraces.first)
        XCTAssertEqual(table.disagreementTraces.count, 1)
        XCTAssertEqual(trace.variant, "kpkeys-v4-batching")
        XCTAssertEqual(trace.steps.count, first.cells[1]?.steps)
        let directory = NSTemporaryDirectory() + "kpcheck-compare-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try trace.write(to: directory)
        let replayed = try Replayer(root: try TestModels.root).replay(try SavedTrace.read(from: path),
                                                                      extraOverrides: [], extraSettings: [:])
        guard case .confirmed = replayed else { return XCTFail("the written trace does not replay: \(replayed)") }
    }

    func testJSONCarriesTheTable() throws {
        let job = CompareJob(root: try TestModels.root,
                             columns: [.init(name: "mainline", variant: "mainline"),
                                       .init(name: "kpkeys-v8", variant: "kpkeys-v8")],
                             scenarios: ["user-zap"], settings: ["exception-entry-reset": "false"])
        let json = try CompareRenderer.json(try job.run())
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let table = try XCTUnwrap(object["table"] as? [String: Any])
        XCTAssertEqual(table["columns"] as? [String], ["mainline", "kpkeys-v8"])
        let costs = try XCTUnwrap(table["costs"] as? [[String: Any]])
        let cells = try XCTUnwrap(costs.first?["cells"] as? [[String: Any]])
        // mainline has no kpkeys: no POR_EL1 writes at all.
        XCTAssertEqual(cells[0]["porWrites"] as? Int, 0)
        XCTAssertGreaterThan(cells[1]["porWrites"] as? Int ?? 0, 0)
        XCTAssertNotNil(object["summary"] as? String)
    }
}
