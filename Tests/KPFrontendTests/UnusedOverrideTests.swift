import Foundation
import KPIR
import XCTest
@testable import KPFrontend

/// Overrides that leave a definition unused (issue 14, item 4): a variant's own helper
/// that the user's override no longer calls is fine; a new definition in the user's
/// file that nothing uses is a warning naming the closest defined name, not an error.
final class UnusedOverrideTests: XCTestCase {
    private func writeOverride(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-leave-\(UUID().uuidString).c")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func buildKpkeysV8(overriding text: String) throws -> (BuiltModel, path: String) {
        let models = try ModelRoot(directory: modelsDirectory)
        let path = try writeOverride(text)
        let request = BuildRequest(variant: try models.variant("kpkeys-v8"), scenario: try models.scenario("vmalloc"), overrides: [path])
        do {
            return (try Frontend.build(request), path)
        } catch {
            XCTFail(error.render())
            throw error
        }
    }

    /// The case: kpkeys-v8's arch_leave_lazy_mmu_mode replaced by one that no
    /// longer calls kpkeys_lazy_mmu_exit, which batching.c defines for it.
    func testAVariantHelperTheOverrideLeavesUnusedIsFine() throws {
        let (built, _) = try buildKpkeysV8(overriding: """
            static inline void arch_leave_lazy_mmu_mode(void)
            {
            	arch_flush_lazy_mmu_mode();
            }

            """)
        XCTAssertEqual(built.warnings.map(\.description), [])
        let leave = try XCTUnwrap(built.program.functions.first { $0.name == "arch_leave_lazy_mmu_mode" })
        XCTAssertTrue(leave.location.file.hasPrefix("/"), "the override replaced the variant's: \(leave.location)")
    }

    /// A misspelt name defines a new function instead of replacing the variant's: the
    /// build goes on (it is still a valid model) and says which name was likely meant.
    func testANewFunctionInTheUsersFileThatNothingCallsIsAWarningWithADidYouMean() throws {
        let (built, path) = try buildKpkeysV8(overriding: """
            static inline void arch_leave_lazy_mmu_mod(void)
            {
            	arch_flush_lazy_mmu_mode();
            }

            """)
        let display = SourcePath.display(path)
        XCTAssertEqual(built.warnings.count, 1)
        let warning = try XCTUnwrap(built.warnings.first)
        XCTAssertEqual(warning.render(), """
            \(display):1:20: warning: override defines 'arch_leave_lazy_mmu_mod', which the variant does not define and nothing uses; did you mean 'arch_leave_lazy_mmu_mode'?
            static inline void arch_leave_lazy_mmu_mod(void)
                               ^
            Models/variants/kpkeys-v8/batching.c:60:20: note: 'arch_leave_lazy_mmu_mode' is defined here
            static inline void arch_leave_lazy_mmu_mode(void)
                               ^

            """)
        // The variant's own leave, with its call of kpkeys_lazy_mmu_exit, still runs.
        XCTAssertNotNil(built.program.functions.first { $0.name == "arch_leave_lazy_mmu_mod" })
        XCTAssertEqual(built.program.functions.first { $0.name == "arch_leave_lazy_mmu_mode" }?.location.file,
                       "Models/variants/kpkeys-v8/batching.c")
    }

    /// Without user overrides, a variant override's unused addition is the variant's
    /// slip: a warning, at its own file. With one, it is left alone.
    func testTheVariantsOwnUnusedDefinitionWarnsOnlyWhenBuiltAlone() throws {
        let files: [String: String] = [
            "/t/main.c": "struct task_struct { u64 x; };\nvoid work(void) { isb(); }\n",
            "/t/variant.c": "static void spare(void) { isb(); }\n",
            "/t/user.c": "void work(void) { dsb(ish); }\n",
        ]
        let alone = try build(files, overrides: ["/t/variant.c"])
        XCTAssertEqual(alone.warnings.map(\.description), ["/t/variant.c:1:13: warning: the variant's override defines 'spare', which nothing uses"])
        let variant = testVariant(overrides: ["/t/variant.c"])
        let withUser = try Frontend.build(BuildRequest(variant: variant, overrides: ["/t/user.c"]), files: .inMemory(files))
        XCTAssertEqual(withUser.warnings.map(\.description), [])
    }

    /// A new name far from every defined one gets no suggestion.
    func testNoSuggestionWhenNothingIsClose() throws {
        let files: [String: String] = [
            "/t/main.c": "struct task_struct { u64 x; };\nvoid work(void) { isb(); }\n",
            "/t/user.c": "static void unrelated_helper(void) { isb(); }\n",
        ]
        let built = try Frontend.build(BuildRequest(variant: testVariant(), overrides: ["/t/user.c"]), files: .inMemory(files))
        XCTAssertEqual(built.warnings.map(\.description),
                       ["/t/user.c:1:13: warning: override defines 'unrelated_helper', which the variant does not define and nothing uses"])
        XCTAssertEqual(built.warnings.first?.notes, [])
    }

    func testClosestNameIsATypoAwayAtMost() {
        let here = SourceLocation(file: "f.c", line: 1, column: 1)
        XCTAssertEqual(UnusedOverrides.editDistance(Array("helpr".utf8), Array("helper".utf8)), 1)
        XCTAssertEqual(UnusedOverrides.editDistance(Array("".utf8), Array("abc".utf8)), 3)
        XCTAssertEqual(UnusedOverrides.editDistance(Array("kpkeys_lazy_mmu_exti".utf8), Array("kpkeys_lazy_mmu_exit".utf8)), 2)
        let names = ["kpkeys_lazy_mmu_enter", "kpkeys_lazy_mmu_exit", "set_pte"].map { (name: $0, location: here) }
        XCTAssertEqual(UnusedOverrides.closest(to: "kpkeys_lazy_mmu_exti", among: names)?.name, "kpkeys_lazy_mmu_exit")
        XCTAssertEqual(UnusedOverrides.closest(to: "set_pmd", among: names)?.name, "set_pte")
        XCTAssertNil(UnusedOverrides.closest(to: "clear_pte", among: names))
    }
}
