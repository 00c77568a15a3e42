import Foundation
import KPTestSupport
import XCTest

/// `kpcheck check|compare --patch FILE`: the mail as posted checks like the variant
/// written from it; a function shown in part is a located error with exit 2.
final class PatchCommandTests: XCTestCase {
    func kpcheck(_ arguments: [String]) throws -> KPCheckProcess.Run {
        try KPCheckProcess.run(arguments + ["--models", TestModels.packageRoot + "/Models"])
    }

    func statuses(_ json: String) throws -> [String] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try XCTUnwrap(object["results"] as? [[String: Any]]).map { "\($0["property"]!) \($0["status"]!)" }
    }

    func testSeedMailChecksLikeKpkeysV8() throws {
        let root = URL(fileURLWithPath: TestModels.packageRoot)
        guard let mail = SeedPatch.mailURL(above: root) else { throw XCTSkip(SeedPatch.missingMailReason(above: root)) }
        let common = ["--scenario", "pause", "--set", "exception-entry-reset=false", "--format", "json"]
        let patched = try kpcheck(["check", "kpkeys-v8-unbatched", "--patch", mail.path] + common)
        let shipped = try kpcheck(["check", "kpkeys-v8", "--quiet"] + common)
        XCTAssertEqual(patched.status, shipped.status, patched.stderr)
        XCTAssertEqual(try statuses(patched.stdout), try statuses(shipped.stdout))
        XCTAssertTrue(patched.stderr.contains("patch: kpkeys-v8-unbatched: took arch_leave_lazy_mmu_mode from hunk 3 "
                                              + "(arch/arm64/include/asm/pgtable.h @@ -89,6 +126,11 @@)"), patched.stderr)
        XCTAssertTrue(patched.stderr.contains("took struct thread_struct from hunk 4"), patched.stderr)
    }

    func testFunctionShownInPartExitsTwoAtItsLine() throws {
        let diff = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-part-\(UUID().uuidString).diff")
        try """
            --- a/arch/arm64/include/asm/pgtable.h
            +++ b/arch/arm64/include/asm/pgtable.h
            @@ -72,3 +72,3 @@ static inline void arch_flush_lazy_mmu_mode(void)
             \tif (test_and_clear_thread_flag(TIF_LAZY_MMU_PENDING))
            -\t\temit_pte_barriers();
            +\t\tisb();
             }

            """.replacingOccurrences(of: "\\t", with: "\t").write(to: diff, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: diff) }
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--patch", diff.path, "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("\(diff.path):5:1: error: hunk 1 (arch/arm64/include/asm/pgtable.h @@ -72,3 +72,3 @@) "
                                          + "changes 'arch_flush_lazy_mmu_mode' but shows only part of it: missing everything "
                                          + "before new line 72"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--override FILE"), run.stderr)
        let compare = try kpcheck(["compare", "kpkeys-v8", "kpkeys-v8", "--patch-for", "kpkeys-v8=\(diff.path)",
                                   "--scenario", "pause", "--quiet"])
        XCTAssertEqual(compare.status, 2)
        XCTAssertTrue(compare.stderr.contains(":5:1: error: hunk 1"), compare.stderr)
    }
}
