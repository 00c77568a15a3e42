import KPExplorer
import KPMachine
import XCTest

/// Where Linux runs softirqs and switches tasks (DESIGN.md §3), one rule per test.
final class SchedulingSemanticsTests: XCTestCase {
    /// A task that owns a per-CPU value with bottom halves disabled: the softirq that
    /// writes it cannot run inside that section (Linux skips softirqs on irq exit when
    /// the interrupted context is in_interrupt()). It used to, and the WARN_ON fired.
    func testNoSoftirqRunsOverABottomHalfDisabledSection() throws {
        let run = try MiniModel.explore("""
            DEFINE_PER_CPU(u64, owner);
            void task(void)
            {
            	local_bh_disable();
            	this_cpu_write(owner, 1);
            	WARN_ON(this_cpu_read(owner) != 1);
            	this_cpu_write(owner, 0);
            	local_bh_enable();
            }
            void softirq(void)
            {
            	this_cpu_write(owner, 2);
            	this_cpu_write(owner, 0);
            }
            void hardirq(void) {}
            """, interrupts: 1, hardirq: "hardirq", softirq: "softirq")
        XCTAssertEqual(run.result.outcome, .complete)
        XCTAssertFalse(run.violated(.assertions), run.trace(.assertions))
    }

    /// The softirq an interrupt raised inside the section is not lost: it runs when
    /// `local_bh_enable()` enables bottom halves again, before the task goes on.
    func testAPendingSoftirqRunsAtLocalBhEnable() throws {
        let run = try MiniModel.explore("""
            DEFINE_PER_CPU(u64, where);
            void task(void)
            {
            	local_bh_disable();
            	this_cpu_write(where, 1);
            	this_cpu_write(where, 2);
            	local_bh_enable();
            	this_cpu_write(where, 3);
            }
            void softirq(void)
            {
            	WARN_ON(this_cpu_read(where) == 2);
            }
            void hardirq(void) {}
            """, interrupts: 1, hardirq: "hardirq", softirq: "softirq")
        // where = 1, where = 2, interrupt, ERET, local_bh_enable() (the softirq starts),
        // its read of `where`.
        XCTAssertEqual(run.traceLength(.assertions), 6, run.trace(.assertions))
    }

    /// An interrupt that arrives while a softirq runs raises one more: it runs when the
    /// running one ends (__do_softirq's loop), not nested inside it.
    func testSoftirqsDoNotNest() throws {
        let run = try MiniModel.explore("""
            DEFINE_PER_CPU(u64, depth);
            void task(void) {}
            void softirq(void)
            {
            	this_cpu_write(depth, this_cpu_read(depth) + 1);
            	WARN_ON(this_cpu_read(depth) > 1);
            	this_cpu_write(depth, this_cpu_read(depth) - 1);
            }
            void hardirq(void) {}
            """, interrupts: 2, hardirq: "hardirq", softirq: "softirq", irqNesting: 2)
        XCTAssertEqual(run.result.outcome, .complete)
        XCTAssertFalse(run.violated(.assertions), run.trace(.assertions))
    }
}
