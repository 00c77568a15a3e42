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

    /// The switch hook saves POR_EL1 into `current->thread.por_el1` when the task is
    /// switched out: a read of that field is not private to the task's own steps, so two
    /// reads of it must have a step boundary between them, where an interrupt may
    /// preempt the task. The may-write analysis used to leave the hook out and merged
    /// both reads into one step: `holds` for a WARN_ON that fires on hardware.
    func testAFieldTheSwitchHookWritesIsReadInAStepOfItsOwn() throws {
        let program = """
            void task(void)
            {
            	u64 a, b;

            	write_sysreg_s(PGTABLES, SYS_POR_EL1);
            	isb();
            	a = current->thread.por_el1;
            	b = current->thread.por_el1;
            	WARN_ON(a != b);
            }
            void other(void) {}
            void hardirq(void) {}
            """
        let merged = try MiniModel.explore(program, tasks: ["task", "other"], interrupts: 1, hardirq: "hardirq")
        let everyRead = try MiniModel.explore(program, tasks: ["task", "other"], interrupts: 1, hardirq: "hardirq",
                                              mergesPrivateReads: false)
        XCTAssertTrue(everyRead.violated(.assertions))
        // Write, isb, read, interrupt, preemption, the hook..., resume, read: the WARN_ON.
        XCTAssertTrue(merged.violated(.assertions))
        XCTAssertTrue(merged.trace(.assertions).contains("preemption on interrupt return"), merged.trace(.assertions))
    }
}
