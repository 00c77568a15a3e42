import KPIR
import XCTest
@testable import KPFrontend

/// A minimal kpkeys API: the guard machinery every guard test needs.
let guardPrelude = """
    #define KPKEYS_CTX_PGTABLES 1
    #define KPKEYS_PKEY_REG_INVAL 0
    static u64 kpkeys_set_context(int ctx) { u64 old = read_sysreg_s(SYS_POR_EL1); write_sysreg_s(old | 4, SYS_POR_EL1); isb(); return old; }
    static void kpkeys_restore_pkey_reg(u64 v) { if (v != KPKEYS_PKEY_REG_INVAL) { write_sysreg_s(v, SYS_POR_EL1); isb(); } }
    static bool cond(void) { return true; }
    KPKEYS_GUARD_COND(pgt, KPKEYS_CTX_PGTABLES, cond())
    KPKEYS_GUARD_NOOP(noop)

    """

final class LoweringTests: XCTestCase {
    func testReturnInsideScopedGuardRunsDestructorThenGuardEndBeforeRet() throws {
        let program = try build(guardPrelude + """
            int f(int x)
            {
            \tscoped_guard(pgt) {
            \t\tif (x)
            \t\t\treturn x + 1;
            \t}
            \treturn 0;
            }
            """).program
        XCTAssertEqual(listing(program, "f"), [
            "guardBegin r2",
            "r4 = call cond()",
            "branch r4 ? 3 : 6",
            "r5 = call kpkeys_set_context(1)",
            "r3 = r5",
            "jump 7",
            "r3 = 0",
            "r1 = r3",
            "branch r0 ? 9 : 13",
            "r6 = r0 add 1 s32",
            "call kpkeys_restore_pkey_reg(r1)",
            "guardEnd r2",
            "ret r6",
            "call kpkeys_restore_pkey_reg(r1)",
            "guardEnd r2",
            "ret 0",
            "ret 0",
        ])
        XCTAssertEqual(program.functions[program.function(named: "f")!].registerNames,
                       ["x", "pgt._T", "pgt.saved", "t0", "t1", "t2", "t3"])
    }

    func testGuardDeclarationScopesTheRestOfTheBlockAndBreakLeavesIt() throws {
        let program = try build(guardPrelude + """
            void f(void)
            {
            \twhile (1) {
            \t\tguard(pgt)();
            \t\tif (cond())
            \t\t\tbreak;
            \t\tisb();
            \t}
            \tdsb(ish);
            }
            """).program
        XCTAssertEqual(listing(program, "f"), [
            "jump 1",
            "guardBegin r1", "r3 = call cond()", "branch r3 ? 4 : 7", "r4 = call kpkeys_set_context(1)", "r2 = r4", "jump 8",
            "r2 = 0", "r0 = r2",
            "r5 = call cond()", "branch r5 ? 11 : 14",
            // break: the destructor and guardEnd, then out of the loop.
            "call kpkeys_restore_pkey_reg(r0)", "guardEnd r1", "jump 18",
            "isb()",
            // the end of the block: the destructor, then the next iteration.
            "call kpkeys_restore_pkey_reg(r0)", "guardEnd r1", "jump 0",
            "dsb(ish)", "ret",
        ])
    }

    func testGuardLocationsAreTheUseAndTheScopeExit() throws {
        let program = try build(guardPrelude + "void f(void)\n{\n\tguard(pgt)();\n\tisb();\n}\n").program
        let instructions = program.instructions(of: "f")
        let line = guardPrelude.split(separator: "\n", omittingEmptySubsequences: false).count
        XCTAssertEqual(instructions.first?.location.description, "/t/main.c:\(line + 2):2")
        let restore = instructions.first { if case .call = $0.op { $0.location.line == line + 4 } else { false } }
        XCTAssertEqual(restore?.location.description, "/t/main.c:\(line + 4):1")
    }

    func testNoopGuardHasNoDestructorCall() throws {
        let program = try build(guardPrelude + "void f(void) { guard(noop)(); isb(); }").program
        XCTAssertEqual(listing(program, "f"), ["guardBegin r1", "r0 = 0", "isb()", "guardEnd r1", "ret"])
        XCTAssertEqual(program.guardClasses.map(\.switchesContext), [true, false])
    }

    func testLogicalAndShortCircuits() throws {
        let program = try build("static bool a(void) { return true; }\nstatic bool b(void) { return false; }\nvoid f(void) { if (a() && b()) isb(); }").program
        XCTAssertEqual(listing(program, "f"), [
            "r0 = call a()", "branch r0 ? 2 : 5", "r1 = call b()", "branch r1 ? 4 : 5", "isb()", "ret",
        ])
    }

    func testLogicalOrAsAValueBranches() throws {
        let program = try build("int f(int x, int y) { return x || y; }").program
        XCTAssertEqual(listing(program, "f"), [
            "branch r0 ? 2 : 1", "branch r1 ? 2 : 4", "r2 = 1", "jump 5", "r2 = 0", "ret r2", "ret 0",
        ])
    }

    func testU8ArithmeticWraps() throws {
        let program = try build("u8 f(u8 x) { x++; return x + 1; }\nu8 g(void) { return (u8)255 + 1; }\nint h(void) { u8 c = 255; return (u8)(c + 1); }").program
        XCTAssertEqual(listing(program, "f"), [
            "r1 = r0 add 1 s32", "r2 = (u8) r1", "r0 = r2", "r3 = r0 add 1 s32", "r4 = (u8) r3", "ret r4", "ret 0",
        ])
        // Constants fold with C's promotions: (u8)255 + 1 is the int 256, then u8 0.
        XCTAssertEqual(listing(program, "g"), ["ret 0", "ret 0"])
        XCTAssertEqual(listing(program, "h"), ["r0 = 255", "r1 = r0 add 1 s32", "r2 = (u8) r1", "ret r2", "ret 0"])
    }

    func testComparisonOfIntAndU64HappensInU64() throws {
        let program = try build("bool f(int a, u64 b) { return a < b; }").program
        XCTAssertEqual(listing(program, "f"), ["r2 = r0 lt r1 u64", "ret r2", "ret 0"])
        // -1 converted to u64 is the largest value: the comparison folds to false.
        XCTAssertEqual(listing(try build("int g(void) { return -1 < 1UL; }").program, "g"), ["ret 0", "ret 0"])
    }

    func testStaticBranchIsTheVariantsConstant() throws {
        let source = "DEFINE_STATIC_KEY_FALSE(k);\nvoid f(void) { if (static_branch_unlikely(&k)) isb(); }"
        XCTAssertEqual(listing(try build(source).program, "f"), ["jump 2", "isb()", "ret"])
        XCTAssertEqual(listing(try build(source, staticKeys: ["k": true]).program, "f"), ["jump 1", "isb()", "ret"])
    }

    func testTaskFieldsPgtableStoresAndBuiltins() throws {
        let program = try build("""
            struct thread_struct { u64 por_el1; u8 flag; };
            struct task_struct { struct thread_struct thread; };
            struct pt_regs { u64 por_el1; };
            void f(pte_t *ptep, struct pt_regs *regs)
            {
            \tcurrent->thread.flag = 300;
            \tregs->por_el1 = current->thread.por_el1;
            \tWRITE_ONCE(*ptep, 5);
            \t*kernel_pmd(2) = 1;
            \tVM_WARN_ON(test_and_clear_thread_flag(3));
            }
            """).program
        XCTAssertEqual(program.taskFields.map(\.name), ["thread.por_el1", "thread.flag"])
        XCTAssertEqual(program.taskFields[1].type, .u8)
        XCTAssertEqual(program.regsFields.map(\.name), ["por_el1"])
        XCTAssertEqual(listing(program, "f"), [
            "r2 = current()", "r2->thread.flag = 44",
            "r3 = current()", "r4 = r3->thread.por_el1", "r1->por_el1 = r4",
            "*r0 = 5",
            "r5 = pgtableEntry(pmd, user: false)(2)", "*r5 = 1",
            "r6 = testAndClearThreadFlag(3)", "VM_WARN_ON(r6)",
            "ret",
        ])
        XCTAssertEqual(program.functions[0].parameters.map(\.type), [.pointer(.pgtable(.pte)), .pointer(.regs)])
    }

    func testGlobalsPerCPUAndEnumConstants() throws {
        let program = try build("""
            enum { A = 3, B, C = B * 2 };
            static u8 g = 0x1ff;
            DEFINE_PER_CPU(u64, counter);
            void f(void) { this_cpu_write(counter, this_cpu_read(counter) + g + C); }
            """).program
        XCTAssertEqual(program.globals.map(\.initial), [0xff])
        XCTAssertEqual(program.perCPU.map(\.name), ["counter"])
        XCTAssertEqual(program.constants["B"], 4)
        XCTAssertEqual(program.constants["C"], 8)
        XCTAssertEqual(listing(program, "f"), [
            "r0 = this_cpu(counter)", "r1 = g", "r2 = r0 add r1 u64", "r3 = r2 add 8 u64", "this_cpu(counter) = r3", "ret",
        ])
    }

    func testTernaryAndPostfixValue() throws {
        let program = try build("int f(int x) { int y = x++; return x ? y : 7; }").program
        XCTAssertEqual(listing(program, "f"), [
            "r2 = r0", "r3 = r2 add 1 s32", "r0 = r3", "r1 = r2",
            "branch r0 ? 5 : 7", "r4 = r1", "jump 8", "r4 = 7", "ret r4", "ret 0",
        ])
    }

    func testDoWhileContinueAndFor() throws {
        let program = try build("void f(void) { int i; for (i = 0; i < 2; i++) { if (i) continue; isb(); } do { dsb(sy); } while (0); }").program
        XCTAssertEqual(listing(program, "f"), [
            "r0 = 0", "r1 = r0 lt 2 s32", "branch r1 ? 3 : 9", "branch r0 ? 4 : 5", "jump 6", "isb()",
            "r2 = r0 add 1 s32", "r0 = r2", "jump 1", "dsb(sy)", "jump 11", "ret",
        ])
    }

    func testConstantsFromMacrosIncludeCastsAndNestedMacros() throws {
        let program = try build("""
            #define SHIFT(i) ((i) * 4)
            #define PREP(i, p) (((u64)(p) & 0xf) << SHIFT(i))
            #define INIT (PREP(0, 7) | PREP(1, 1))
            #define NOT_A_CONSTANT isb()
            #define NEG (-1)
            """).program
        XCTAssertEqual(program.constants["INIT"], 0x17)
        XCTAssertEqual(program.constants["NEG"], UInt64.max)
        XCTAssertNil(program.constants["NOT_A_CONSTANT"])
    }
}
