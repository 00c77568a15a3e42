import Foundation
import KPIR
import XCTest
@testable import KPFrontend

/// Patches written for these tests against Models/kernel/pgtable.h: which definitions
/// `PatchOverride` takes from which hunk, and the located error for a function shown in part.
final class PatchReaderTests: XCTestCase {
    /// git format-patch: emit_pte_barriers loses its isb (shown whole, the model defines
    /// it: taken); a helper the patch adds but nothing calls is left out; pud_valid is
    /// whole but unchanged context, so the model's own stays.
    static let formatPatch = """
        From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
        From: A Reviewer <a@example.org>
        Subject: [PATCH 1/1] arm64: drop the isb from emit_pte_barriers()

        ---
         arch/arm64/include/asm/pgtable.h | 7 ++++++-
         1 file changed, 6 insertions(+), 1 deletion(-)

        diff --git a/arch/arm64/include/asm/pgtable.h b/arch/arm64/include/asm/pgtable.h
        index 1111111..2222222 100644
        --- a/arch/arm64/include/asm/pgtable.h
        +++ b/arch/arm64/include/asm/pgtable.h
        @@ -38,14 +38,19 @@ static inline bool pmd_valid(pmd_t pmd)
         static inline bool pud_valid(pud_t pud)
         {
         \treturn (pud & PTE_VALID) != 0;
         }
         
        +static inline void unused_helper(void)
        +{
        +}
        +
         /*
          * Make a kernel page-table store visible to the walker (dsb) and drop any
          * stale "invalid" translation already fetched (isb).
          */
         static inline void emit_pte_barriers(void)
         {
         \tdsb(ishst);
        -\tisb();
        +\t/* { no isb here } */
         }
        -- 
        2.51.2

        """.replacingOccurrences(of: "\\t", with: "\t")

    func model() throws -> PatchOverride.Model {
        try Frontend.patchModel(of: try ModelRoot(directory: modelsDirectory).variant("kpkeys-v8-unbatched"))
    }

    func testWholeChangedFunctionTakenContextAndUncalledAdditionsLeft() throws {
        let patch = try PatchOverride.make(patches: [("fix.patch", Self.formatPatch)], model: try model())
        XCTAssertEqual(patch.taken, ["took emit_pte_barriers from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -38,14 +38,19 @@) of fix.patch"])
        XCTAssertEqual(patch.leftOut, ["unused_helper (hunk 1 (arch/arm64/include/asm/pgtable.h @@ -38,14 +38,19 @@) of fix.patch): "
                                       + "added, but nothing in the model calls it"])
        XCTAssertTrue(patch.text.contains("static inline void emit_pte_barriers(void)\n{\n\tdsb(ishst);\n\t/* { no isb here } */\n}\n"),
                      patch.text)
        XCTAssertFalse(patch.text.contains("pud_valid"))
        XCTAssertFalse(patch.text.contains("isb();"))
    }

    /// A plain diff changing the middle of queue_pte_barriers: the hunk shows neither its
    /// signature nor its closing brace, so the error names both and points at the change.
    func testFunctionShownInPartIsALocatedError() throws {
        let diff = """
            --- a/arch/arm64/include/asm/pgtable.h
            +++ b/arch/arm64/include/asm/pgtable.h
            @@ -57,5 +57,5 @@ static inline void queue_pte_barriers(void)
             \tif (is_lazy_mmu_mode_active()) {
             \t\tif (!test_thread_flag(TIF_LAZY_MMU_PENDING))
            -\t\t\tset_thread_flag(TIF_LAZY_MMU_PENDING);
            +\t\t\temit_pte_barriers();
             \t} else {
             \t\temit_pte_barriers();

            """.replacingOccurrences(of: "\\t", with: "\t")
        XCTAssertThrowsError(try PatchOverride.make(patches: [("mid.diff", diff)], model: try model())) { error in
            guard let error = error as? DiagnosticError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.render(), """
                mid.diff:6:1: error: hunk 1 (arch/arm64/include/asm/pgtable.h @@ -57,5 +57,5 @@) changes 'queue_pte_barriers' \
                but shows only part of it: missing everything before new line 57 (its signature and the start of its body) \
                and everything after new line 61 (the rest of its body to its closing brace)
                -\t\t\tset_thread_flag(TIF_LAZY_MMU_PENDING);
                ^
                note: write the whole post-patch queue_pte_barriers in a file and pass it with --override FILE

                """)
        }
    }

    /// An mbox of two mails: hunks are numbered across them, a function added in the
    /// first is taken because the second makes the model's code call it, and a changed
    /// function the model does not define is left out.
    func testMboxOfTwoMailsAddsAHelperThatALaterPatchCalls() throws {
        let mbox = """
            From 1 Mon Sep 17 00:00:00 2001
            Subject: [PATCH 1/2] add a helper

            diff --git a/arch/arm64/include/asm/pgtable.h b/arch/arm64/include/asm/pgtable.h
            --- a/arch/arm64/include/asm/pgtable.h
            +++ b/arch/arm64/include/asm/pgtable.h
            @@ -64,0 +65,4 @@
            +static inline void lazy_note(void)
            +{
            +\tisb();
            +}
            diff --git a/mm/other.c b/mm/other.c
            --- a/mm/other.c
            +++ b/mm/other.c
            @@ -1,3 +1,3 @@
             void not_modelled(void)
             {
            -\tfoo();
            +\tbar();
            }
            From 2 Mon Sep 17 00:00:00 2001
            Subject: [PATCH 2/2] call it

            diff --git a/arch/arm64/include/asm/pgtable.h b/arch/arm64/include/asm/pgtable.h
            --- a/arch/arm64/include/asm/pgtable.h
            +++ b/arch/arm64/include/asm/pgtable.h
            @@ -65,3 +69,4 @@ static inline void arch_enter_lazy_mmu_mode(void)
             static inline void arch_enter_lazy_mmu_mode(void)
             {
            +\tlazy_note();
             }

            """.replacingOccurrences(of: "\\t", with: "\t")
        let hunks = PatchReader.hunks(mbox)
        XCTAssertEqual(hunks.map(\.number), [1, 2, 3])
        XCTAssertEqual(hunks.map(\.file), ["arch/arm64/include/asm/pgtable.h", "mm/other.c", "arch/arm64/include/asm/pgtable.h"])
        let patch = try PatchOverride.make(patches: [("series.mbox", mbox)], model: try model())
        XCTAssertEqual(patch.taken, [
            "took arch_enter_lazy_mmu_mode from hunk 3 (arch/arm64/include/asm/pgtable.h @@ -65,3 +69,4 @@) of series.mbox",
            "took lazy_note from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -64,0 +65,4 @@) of series.mbox",
        ])
        XCTAssertEqual(patch.leftOut, ["not_modelled (hunk 2 (mm/other.c @@ -1,3 +1,3 @@) of series.mbox): the model does not define it"])
    }
}
