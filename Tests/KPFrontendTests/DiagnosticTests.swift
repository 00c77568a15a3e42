import KPIR
import XCTest
@testable import KPFrontend

/// One clear error per bad input: exact message and location.
final class DiagnosticTests: XCTestCase {
    private func assertError(_ source: String, _ expected: String, extra: [String: String] = [:],
                             file: StaticString = #filePath, line: UInt = #line) {
        var files = extra
        files["/t/main.c"] = source
        XCTAssertEqual(firstError { _ = try build(files) }, expected, file: file, line: line)
    }

    /// The error `source` gives, rendered whole: message, excerpt and caret.
    private func assertRendered(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try build(source)
            XCTFail("expected an error", file: file, line: line)
        } catch {
            XCTAssertEqual(error.render(), expected, file: file, line: line)
        }
    }

    // MARK: Preprocessor

    func testUnterminatedComment() {
        assertError("int x;\n  /* never closed\n", "/t/main.c:2:3: error: unterminated /* comment")
    }

    func testUnbalancedIf() {
        assertError("#ifdef A\n#if 1\n#endif\n", "/t/main.c:1:1: error: unterminated #ifdef: no matching #endif")
    }

    func testElseWithoutIf() {
        assertError("int x;\n#else\n", "/t/main.c:2:2: error: #else without #if")
    }

    func testEndifWithoutIf() {
        assertError("#endif\n", "/t/main.c:1:2: error: #endif without #if")
    }

    func testElseAfterElse() {
        assertError("#if 0\n#else\n#else\n#endif\n", "/t/main.c:3:2: error: #else after #else")
    }

    func testMissingInclude() {
        assertError("#include \"nowhere.h\"\n", "/t/main.c:1:10: error: include file 'nowhere.h' not found")
    }

    func testAngleInclude() {
        assertError("#include <linux/kernel.h>\n", "/t/main.c:1:10: error: #include <linux/kernel.h>: system headers are not part of the model; use #include \"relative/path.h\"")
    }

    func testIncludeCycle() {
        assertError("#include \"a.h\"\n", "/t/b.h:1:10: error: #include cycle: /t/a.h → /t/b.h → /t/a.h",
                    extra: ["/t/a.h": "#include \"b.h\"\n", "/t/b.h": "#include \"a.h\"\n"])
    }

    func testTokenPasting() {
        assertError("#define CAT(a, b) a ## b\n", "/t/main.c:1:21: error: token pasting ('##') is not supported by the kpcheck model language")
    }

    func testStringizing() {
        assertError("#define STR(a) #a\n", "/t/main.c:1:16: error: stringizing ('#' in a macro body) is not supported by the kpcheck model language")
    }

    func testErrorDirective() {
        assertError("#ifndef CONFIG_X\n#error CONFIG_X is needed\n#endif\n", "/t/main.c:2:2: error: #error CONFIG_X is needed")
    }

    func testMacroArgumentCount() {
        assertError("#define F(a, b) a\nint x = F(1);\n", "/t/main.c:2:9: error: macro 'F' expects 2 arguments, but 1 was given")
    }

    func testMacroRedefinition() {
        assertError("#define A 1\n#define A 2\n", "/t/main.c:2:9: error: macro 'A' redefined with a different body (#undef it first)")
    }

    func testInvalidIfExpression() {
        assertError("#if 1 +\n#endif\n", "/t/main.c:1:2: error: invalid #if expression: expected an expression, found end of file")
    }

    // MARK: Syntax

    func testGoto() {
        assertError("void f(void) {\n\tgoto out;\n}\n", "/t/main.c:2:2: error: goto is not supported by the kpcheck model language")
    }

    func testArrays() {
        assertError("u64 table[4];\n", "/t/main.c:1:10: error: arrays are not supported by the kpcheck model language")
    }

    func testInlineAssembly() {
        assertError("void f(void) { asm volatile(\"isb\"); }\n", "/t/main.c:1:16: error: inline assembly is not supported by the kpcheck model language")
    }

    func testStringLiteral() {
        assertError("void f(void) { g(\"x\"); }\n", "/t/main.c:1:18: error: string literals are not supported by the kpcheck model language")
    }

    func testSizeof() {
        assertError("int f(void) { return sizeof(u64); }\n", "/t/main.c:1:22: error: sizeof is not supported by the kpcheck model language")
    }

    func testCharacterLiteral() {
        assertError("int f(void) { return 'a'; }\n", "/t/main.c:1:22: error: character literals are not supported by the kpcheck model language")
    }

    func testCommaOperator() {
        assertError("void f(int a) { a = 1, a = 2; }\n", "/t/main.c:1:22: error: the comma operator is not supported by the kpcheck model language")
    }

    func testPointerToInteger() {
        assertError("void f(u64 *p) { }\n", "/t/main.c:1:12: error: pointers to 'u64' (only to page-table entries, struct task_struct and struct pt_regs) are not supported by the kpcheck model language")
    }

    func testMissingSemicolon() {
        assertError("void f(void) { isb() }\n", "/t/main.c:1:22: error: expected ';' after an expression, found '}'")
    }

    func testUnknownTypeName() {
        assertError("u46 x;\n", "/t/main.c:1:1: error: unknown type name 'u46'")
    }

    func testStructTypedef() {
        assertError("struct a { u64 x; };\ntypedef struct a b;\n", "/t/main.c:2:18: error: typedefs of structs are not supported by the kpcheck model language")
    }

    func testSwitch() {
        assertError("void f(int a) { switch (a) { } }\n", "/t/main.c:1:17: error: switch statements are not supported by the kpcheck model language")
    }

    // MARK: Names and types

    func testUnknownIdentifier() {
        assertError("int f(void) { return nope + 1; }\n", "/t/main.c:1:22: error: unknown identifier 'nope'")
    }

    func testUnknownFunction() {
        assertError("void f(void) { flush_tlb(); }\n", "/t/main.c:1:16: error: unknown function 'flush_tlb'")
    }

    func testWrongArgumentCount() {
        assertError("static void g(int a, int b) { }\nvoid f(void) { g(1); }\n", "/t/main.c:2:16: error: 'g' expects 2 arguments, but 1 was given")
    }

    func testWrongBuiltinArgumentCount() {
        assertError("void f(void) { isb(1); }\n", "/t/main.c:1:16: error: 'isb' expects 0 arguments, but 1 was given")
    }

    func testPointerIntegerMismatch() {
        assertError("void f(pte_t *p) { u64 x = p; }\n", "/t/main.c:1:28: error: cannot convert 'pte_t *' to 'u64' in the initialisation of 'x'")
    }

    func testPointerKindMismatch() {
        assertError("static void g(pmd_t *p) { }\nvoid f(void) { g(kernel_pte(0)); }\n", "/t/main.c:2:18: error: cannot convert 'pte_t *' to 'pmd_t *' in argument 1 of 'g'")
    }

    func testVoidValueUsed() {
        assertError("static void g(void) { }\nint f(void) { return g() + 1; }\n", "/t/main.c:2:22: error: a void value cannot be used")
    }

    func testPointerArithmetic() {
        assertError("void f(pte_t *p) { *(p + 1) = 0; }\n", "/t/main.c:1:24: error: pointer arithmetic is not supported by the kpcheck model language")
    }

    func testAddressOfLocal() {
        assertError("void f(void) { int a; int b = &a; }\n", "/t/main.c:1:31: error: taking an address with '&' (except in static_branch_likely/unlikely(&key)) is not supported by the kpcheck model language")
    }

    func testReadingPgtableEntry() {
        assertError("u64 f(pte_t *p) { return *p; }\n", "/t/main.c:1:26: error: reading page-table entries is not modelled")
    }

    func testAssignmentToNonLvalue() {
        assertError("void f(int a) { a + 1 = 2; }\n", "/t/main.c:1:19: error: expression is not assignable")
    }

    func testUnknownStructField() {
        assertError("struct thread_struct { u64 por_el1; };\nstruct task_struct { struct thread_struct thread; };\nvoid f(void) { current->thread.nope = 1; }\n",
                    "/t/main.c:3:32: error: struct thread_struct has no field named 'nope'")
    }

    func testUnknownStruct() {
        assertError("struct task_struct { struct thread_struct thread; };\n", "/t/main.c:1:43: error: unknown struct 'thread_struct'")
    }

    func testStructValue() {
        assertError("struct a { u64 x; };\nstruct task_struct { struct a inner; };\nu64 f(void) { return current->inner; }\n",
                    "/t/main.c:3:31: error: 'inner' is a struct: struct-typed values (a struct may only be a field of another struct) are not supported by the kpcheck model language")
    }

    func testUnknownGuardClass() {
        assertError("void f(void) {\n\tguard(kpkeys_nope)();\n}\n", "/t/main.c:2:2: error: unknown guard class 'kpkeys_nope'")
    }

    func testGuardClassNamesResolvedAtTheDefinition() {
        assertError("KPKEYS_GUARD_COND(g, 1, 1)\n", "/t/main.c:1:1: error: unknown function 'kpkeys_set_context'")
    }

    func testUnknownStaticKeyInCode() {
        assertError("bool f(void) { return static_branch_likely(&nokey); }\n", "/t/main.c:1:45: error: unknown static key 'nokey'")
    }

    func testWrongSysreg() {
        assertError("u64 f(void) { return read_sysreg_s(SYS_TCR_EL1); }\n", "/t/main.c:1:36: error: unsupported system register 'SYS_TCR_EL1': only SYS_POR_EL1 is modelled")
    }

    func testWrongDSBOption() {
        assertError("void f(void) { dsb(full); }\n", "/t/main.c:1:20: error: dsb() expects one of ish, ishst, sy, st, nsh, nshst, osh, oshst, ld, ishld, not 'full'")
    }

    func testBreakOutsideLoop() {
        assertError("void f(void) {\n\tbreak;\n}\n", "/t/main.c:2:2: error: 'break' statement not in a loop")
    }

    func testReturnWithoutValueInNonVoidFunction() {
        assertError("int f(void) {\n\treturn;\n}\n", "/t/main.c:2:2: error: non-void function 'f' should return a value")
    }

    func testReturnValueFromVoidFunction() {
        assertError("void f(void) { return 1; }\n", "/t/main.c:1:16: error: void function 'f' should not return a value")
    }

    func testControlReachesEndOfNonVoidFunction() {
        assertError("int f(int a) {\n\tif (a)\n\t\treturn 1;\n}\n", "/t/main.c:4:1: error: control reaches end of non-void function 'f'")
    }

    // MARK: Definitions

    func testDuplicateFunctionOutsideOverrideNotesTheFirstDefinition() {
        assertRendered("void f(void) { }\nvoid f(void) { isb(); }\n", """
            /t/main.c:2:6: error: redefinition of 'f'
            void f(void) { isb(); }
                 ^
            /t/main.c:1:6: note: previous definition of 'f' is here
            void f(void) { }
                 ^

            """)
    }

    func testCaretFollowsTabs() {
        assertRendered("void f(void)\n{\n\t\tnope();\n}\n", "/t/main.c:3:3: error: unknown function 'nope'\n\t\tnope();\n\t\t^\n")
    }

    /// A file with Windows line ends shows the line the error is on, as the lexer counts
    /// lines (split by `Character`, "\r\n" was one character and the file one line).
    func testExcerptOfAFileWithWindowsLineEnds() {
        assertRendered("void f(void)\r\n{\r\n\t\tnope();\r\n}\r\n",
                       "/t/main.c:3:3: error: unknown function 'nope'\n\t\tnope();\n\t\t^\n")
        XCTAssertEqual(TokenCache.lines(of: "a\r\n\nb\n"), ["a", "", "b", ""])
        XCTAssertEqual(TokenCache.lines(of: "é\nx"), ["é", "x"])
    }

    func testDuplicateStruct() {
        assertError("struct a { u64 x; };\nstruct a { u64 y; };\n", "/t/main.c:2:1: error: redefinition of 'a'")
    }

    func testDuplicateLocal() {
        assertError("void f(void) {\n\tint a = 1;\n\tu64 a;\n}\n", "/t/main.c:3:6: error: redefinition of 'a'")
    }

    func testDuplicateParameter() {
        assertError("void f(int a, int a) { }\n", "/t/main.c:1:19: error: redefinition of 'a'")
    }

    func testDirectRecursion() {
        assertError("void f(int n) {\n\tif (n)\n\t\tf(n - 1);\n}\n", "/t/main.c:3:3: error: recursion is not supported: f → f")
    }

    func testMutualRecursion() {
        assertError("static void b(void);\nstatic void a(void) { b(); }\nstatic void b(void) { a(); }\n",
                    "/t/main.c:3:23: error: recursion is not supported: a → b → a")
    }

    func testRecursionThroughAGuard() {
        assertError(guardPrelude.replacingOccurrences(of: "return true;", with: "f(); return true;") + "void f(void) { guard(pgt)(); }\n",
                    "/t/main.c:8:16: error: recursion is not supported: cond → f → cond")
    }

    func testBuiltinRedefinition() {
        assertError("void isb(void) { }\n", "/t/main.c:1:6: error: 'isb' is a kpcheck built-in and cannot be redefined")
    }

    func testDeclaredButNeverDefined() {
        assertError("void g(void);\nvoid f(void) { g(); }\n", "/t/main.c:2:16: error: function 'g' is declared but never defined")
    }

    func testStructContainsItself() {
        assertError("struct a { struct b inner; };\nstruct b { struct a outer; };\n", "/t/main.c:2:21: error: struct a contains itself")
    }
}
