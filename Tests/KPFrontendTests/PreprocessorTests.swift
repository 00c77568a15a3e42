import KPIR
import XCTest
@testable import KPFrontend

final class PreprocessorTests: XCTestCase {
    private func preprocess(_ files: [String: String], predefined: [(name: String, value: String, location: SourceLocation)] = [])
        throws -> [Token] {
        let preprocessor = try Preprocessor(provider: .inMemory(files), predefined: predefined)
        return try preprocessor.preprocess(file: "/t/main.c")
    }

    private func text(_ tokens: [Token]) -> String { tokens.map(\.text).joined(separator: " ") }

    func testFunctionLikeMacrosExpandTheirArgumentsAtTheUse() throws {
        let tokens = try preprocess(["/t/main.c": "#define SQUARE(x) ((x) * (x))\n#define TWO 2\nint y = SQUARE(TWO + 1);\n"])
        XCTAssertEqual(text(tokens), "int y = ( ( 2 + 1 ) * ( 2 + 1 ) ) ;")
        // Body tokens are located at the macro use; argument tokens where they were written.
        XCTAssertEqual(tokens[3].location.description, "/t/main.c:3:9")
        XCTAssertEqual(tokens[5].location.description, "/t/main.c:3:16")
        XCTAssertEqual(tokens[7].location.description, "/t/main.c:3:22")
    }

    func testRecursiveMacrosStop() throws {
        XCTAssertEqual(text(try preprocess(["/t/main.c": "#define A B\n#define B A\nA\n#define f(x) f(x + 1)\nf(0)\n"])),
                       "A f ( 0 + 1 )")
    }

    func testNestedMacroArgumentsAndEmptyArguments() throws {
        let source = "#define ID(x) x\n#define PAIR(a, b) a b\n#define NONE() 7\nID(PAIR(ID(1), (2, 3))) NONE() PAIR(, 4)\n"
        XCTAssertEqual(text(try preprocess(["/t/main.c": source])), "1 ( 2 , 3 ) 7 4")
    }

    func testConditionals() throws {
        let source = """
            #if (1 << 40) > 0 && defined(X) || !defined Y
            a
            #elif 1
            b
            #endif
            #if 0x10 / 4 == 4 && -1 < 0 && (1u > -1) == 0 && true
            c
            #endif
            #ifdef CONFIG_ON
            d
            #else
            e
            #endif
            #if CONFIG_LEVEL >= 3 && UNDEFINED_THING == 0
            f
            #endif
            #if 0
            #error not reached
            #bogus directive in a skipped group
            #endif

            """
        let location = SourceLocation(file: "<config>", line: 1, column: 1)
        let tokens = try preprocess(["/t/main.c": source], predefined: [("CONFIG_ON", "1", location), ("CONFIG_LEVEL", "3", location)])
        XCTAssertEqual(text(tokens), "a c d f")
    }

    func testIncludeGuardsAndPragmaOnce() throws {
        let files = [
            "/t/main.c": "#include \"inc/a.h\"\n#include \"inc/a.h\"\n#include \"inc/b.h\"\n#include \"inc/b.h\"\nend\n",
            "/t/inc/a.h": "#ifndef A_H\n#define A_H\n#include \"b.h\"\na\n#endif\n",
            "/t/inc/b.h": "#pragma once\nb\n",
        ]
        let tokens = try preprocess(files)
        XCTAssertEqual(text(tokens), "b a end")
        XCTAssertEqual(tokens[0].location.description, "/t/inc/b.h:2:1")
    }

    func testSplicesAndComments() throws {
        let tokens = try preprocess(["/t/main.c": "#define LONG 1 + \\\n 2\nin\\\nt x = LONG; /* a\n comment */ int // more\n y;\n"])
        XCTAssertEqual(text(tokens), "int x = 1 + 2 ; int y ;")
        XCTAssertEqual(tokens[0].location.description, "/t/main.c:3:1")
        XCTAssertEqual(tokens[1].location.description, "/t/main.c:4:3")
        XCTAssertEqual(tokens[8].location.description, "/t/main.c:6:2")
    }

    func testUndefAndRedefinitionWithTheSameBody() throws {
        XCTAssertEqual(text(try preprocess(["/t/main.c": "#define A 1\n#define A 1\nA\n#undef A\n#define A 2\nA\n"])), "1 2")
    }

    func testRunawayExpansionIsStopped() {
        // Each level doubles the expansion: 2^30 tokens would never finish.
        var source = "#define M0 x x\n"
        for level in 1...30 { source += "#define M\(level) M\(level - 1) M\(level - 1)\n" }
        source += "M30\n"
        XCTAssertEqual(firstError { _ = try preprocess(["/t/main.c": source]) },
                       "/t/main.c:32:1: error: expansion of macro 'M2' is too large (a recursive macro?)")
    }

    func testGuardMacrosCannotBeRedefined() {
        XCTAssertEqual(firstError { _ = try preprocess(["/t/main.c": "#define KPKEYS_GUARD(a, b) 1\n"]) },
                       "/t/main.c:1:9: error: 'KPKEYS_GUARD' is built into kpcheck and cannot be redefined or undefined")
    }

    func testParseListingOfAShippedHeaderWithoutAVariant() throws {
        let listing = try Frontend.parse(files: [modelsDirectory + "/kernel/pgtable.h"])
        let setPte = try XCTUnwrap(listing.functions.first { $0.name == "set_pte" })
        XCTAssertTrue(setPte.signature.hasPrefix("void set_pte(pte_t *"), setPte.signature)
        // Without CONFIG_KPKEYS_HARDENED_PGTABLES the guard is the no-op one.
        XCTAssertEqual(listing.guardClasses.map(\.switchesContext), [false])
    }
}
