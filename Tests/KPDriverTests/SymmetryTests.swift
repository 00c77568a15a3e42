import Foundation
import KPDriver
import KPFrontend
import KPMachine
import KPReport
import XCTest

/// Symmetry reduction is sound only for permutations that map the initial configuration
/// onto itself: task i starts on CPU i, the other tasks start waiting.
final class SymmetryTests: XCTestCase {
    /// Two tasks run the same (empty) function on one CPU: T0 starts running, T1 starts
    /// waiting, so swapping them is no symmetry. The switch hook warns when it switches
    /// between equal values and the task switched out before differs from both: that
    /// happens (idle → T1 after T0 → idle, or T1 → idle after T0 → T1) only when T1's
    /// pkeys 2-7 equal the idle task's and T0's do not. A search that takes T0 ↔ T1 for
    /// a symmetry keeps the case "T0's equal the idle task's", where nothing warns, and
    /// drops this one.
    func testTheModularSearchFindsWhatOnlyTheWaitingTaskReaches() throws {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-symmetry-\(UUID().uuidString)")
        let directory = models.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: models) }
        try """
            description = "two tasks running one function on one CPU"
            source = "same.c"
            cpus = 1
            tasks = ["same_task", "same_task"]
            interrupts = 0
            preemption = false
            """.write(to: directory.appendingPathComponent("same.toml"), atomically: true, encoding: .utf8)
        try "void same_task(void)\n{\n}\n".write(to: directory.appendingPathComponent("same.c"), atomically: true, encoding: .utf8)
        let hook = directory.appendingPathComponent("hook.c")
        try """
            DEFINE_PER_CPU(u64, switched_out);

            void permission_overlay_switch(struct task_struct *next)
            {
            	u64 before = this_cpu_read(switched_out);

            	current->thread.por_el1 = read_sysreg_s(SYS_POR_EL1);
            	WARN_ON(before && current->thread.por_el1 == next->thread.por_el1 &&
            		before != next->thread.por_el1);
            	this_cpu_write(switched_out, current->thread.por_el1);
            	if (current->thread.por_el1 != next->thread.por_el1) {
            		write_sysreg_s(next->thread.por_el1, SYS_POR_EL1);
            		isb();
            	}
            }
            """.write(to: hook, atomically: true, encoding: .utf8)
        let root = try TestModels.root
        let variant = try root.variant("kpkeys-v8")
        let scenario = try ModelRoot(directory: models.path).scenario("same")
        let options = try XCTUnwrap(OptionMatrix.points(of: variant, settings: ["exception-entry-reset": "false"]).first)
        var traces: [SearchMethod: Int] = [:]
        for search in [SearchMethod.interleaved, .modular] {
            let outcome = try CheckJob(variant: variant, scenario: scenario, options: options,
                                       settings: CheckSettings(properties: [.assertions], overrides: [hook.path],
                                                               search: search)).run()
            XCTAssertEqual(outcome.status(.assertions), .violated, "\(search)")
            traces[search] = outcome.result(.assertions)?.trace?.count
        }
        // T0 ends and switches to the idle task, which switches to T1 and warns: 16
        // steps, most of them the two hooks' accesses.
        XCTAssertEqual(traces[.interleaved], 16)
        XCTAssertEqual(traces[.modular], traces[.interleaved])
    }
}
