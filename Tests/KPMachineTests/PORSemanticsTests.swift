import KPMachine
import XCTest

/// The rules of DESIGN.md §3 about when a POR_EL1 write takes effect.
final class PORSemanticsTests: XCTestCase {
    func testStoreRightAfterAWriteMaySeeTheOldValue() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);
            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	WRITE_ONCE(*kernel_pte(0), 0);
            	write_sysreg_s(old, SYS_POR_EL1);
            	isb();
            }
            """)
        XCTAssertTrue(run.violated(.pgtableWritePermitted))
        // read, write, store.
        XCTAssertEqual(run.traceLength(.pgtableWritePermitted), 3)
    }

    func testAnISBMakesTheWriteTakeEffect() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);
            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	isb();
            	WRITE_ONCE(*kernel_pte(0), 0);
            	write_sysreg_s(old, SYS_POR_EL1);
            	isb();
            }
            """)
        XCTAssertEqual(run.result.outcome, .complete)
        XCTAssertTrue(run.result.findings.isEmpty, "\(run.result.findings.values.map(\.finding.message))")
        // The initial state, one per visible action (read, write, isb, store, write, isb,
        // task end), then the switch to the idle task: read POR_EL1, save it, read the
        // idle task's saved value (11 so far; reading its own is a local step). Their
        // pkeys 2-7 are symbolic, so both ways are possible: equal (the switch
        // completes: 1 state) or not (read next's value again, write, isb, switch: 4).
        XCTAssertEqual(run.result.states, 16)
    }

    func testEndingWithAnUnsynchronizedRestoreIsReported() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);
            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	isb();
            	WRITE_ONCE(*kernel_pte(0), 0);
            	write_sysreg_s(old, SYS_POR_EL1);
            }
            """)
        XCTAssertTrue(run.violated(.isbBeforeUse))
        XCTAssertFalse(run.violated(.porRestored))
        XCTAssertFalse(run.violated(.pgtableWritePermitted))
    }

    /// The exception return is a context synchronization event, unless FEAT_ExS makes
    /// it not one: then a handler's unsynchronized restore is still pending after ERET.
    func testExceptionReturnSynchronizesUnlessFeatExS() throws {
        let program = """
            void task(void) {}
            void handler(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);
            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	isb();
            	write_sysreg_s(old, SYS_POR_EL1);
            }
            """
        let synchronizing = try MiniModel.explore(program, interrupts: 1, hardirq: "handler")
        XCTAssertTrue(synchronizing.result.findings.isEmpty, "\(synchronizing.result.findings.values.map(\.finding.message))")
        let notSynchronizing = try MiniModel.explore(program, interrupts: 1, hardirq: "handler", featExS: true)
        // Entry, read, write, isb, write, ERET.
        XCTAssertEqual(notSynchronizing.traceLength(.isbBeforeUse), 6)
        XCTAssertFalse(notSynchronizing.violated(.porRestored))
    }

    /// Pkeys 2-7 are symbolic: a write that sets them to constants is caught for every
    /// value they may hold, by Z3.
    func testOtherPkeysNeedSymbolicValues() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	write_sysreg_s(PGTABLES, SYS_POR_EL1);
            	isb();
            	write_sysreg_s(POR_EL1_INIT, SYS_POR_EL1);
            	isb();
            }
            """)
        XCTAssertTrue(run.violated(.otherPkeysPreserved))
        XCTAssertEqual(run.traceLength(.otherPkeysPreserved), 1)
    }

    /// `eff` grows as needed: the initial value and four unsynchronized writes make five
    /// values a permission check may use, all explored (it used to be a model error).
    func testEffGrowsWithEveryUnsynchronizedWrite() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);

            	write_sysreg_s(old | 0x100, SYS_POR_EL1);
            	write_sysreg_s(old | 0x200, SYS_POR_EL1);
            	write_sysreg_s(old | 0x400, SYS_POR_EL1);
            	write_sysreg_s(old | 0x800, SYS_POR_EL1);
            	write_sysreg_s(old, SYS_POR_EL1);
            }
            """)
        XCTAssertEqual(run.result.outcome, .complete)
        // Six at the task's end: the switch hook writes the idle task's value before its isb.
        XCTAssertEqual(run.machine.largestEff, 6)
        // Read, five writes, task end: the end finds the four stale values.
        XCTAssertEqual(run.traceLength(.isbBeforeUse), 7)
        XCTAssertFalse(run.violated(.porRestored))
    }

    func testALocalLoopBecomesACycle() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	int i = 0;

            	while (1)
            		i = i ^ 1;
            }
            """)
        XCTAssertEqual(run.result.outcome, .complete)
        XCTAssertLessThan(run.result.states, 10)
    }

    /// Two tasks on two CPUs with their own symbolic POR_EL1: a migration to a CPU
    /// that holds another task's value is resolved by the switch hook.
    func testTasksKeepTheirOwnValueAcrossMigration() throws {
        let run = try MiniModel.explore("""
            void task(void)
            {
            	u64 old = read_sysreg_s(SYS_POR_EL1);

            	write_sysreg_s(old | 0x40, SYS_POR_EL1);
            	isb();
            	WRITE_ONCE(*kernel_pte(0), 0);
            	write_sysreg_s(old, SYS_POR_EL1);
            	isb();
            }
            void other(void) {}
            void handler(void) {}
            """, tasks: ["task", "other"], cpus: 2, interrupts: 1, hardirq: "handler")
        XCTAssertEqual(run.result.outcome, .complete)
        XCTAssertTrue(run.result.findings.isEmpty, "\(run.result.findings.values.map(\.finding.message))")
        XCTAssertGreaterThan(run.machine.solver.queryCount, 0)
    }
}
