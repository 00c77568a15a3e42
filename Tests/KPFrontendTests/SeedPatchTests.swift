import Foundation
import KPIR
import KPTestSupport
import XCTest
@testable import KPFrontend

/// The seed patch (RFC v8 22/24) as posted, read by `PatchOverride` against
/// kpkeys-v8-unbatched: the functions it takes, and the override checking as one. The
/// mail is read from shared/reference at test time; without it (a user's clone) the
/// test skips.
final class SeedPatchTests: XCTestCase {
    func testSeedPatchChecksAsAnOverrideOfTheUnbatchedVariant() throws {
        guard let mail = SeedPatch.mailURL(above: packageRoot) else { throw XCTSkip(SeedPatch.missingMailReason(above: packageRoot)) }
        let text = try String(contentsOf: mail, encoding: .utf8)
        let hunks = PatchReader.hunks(text)
        XCTAssertEqual(hunks.map(\.file), Array(repeating: "arch/arm64/include/asm/pgtable.h", count: 3)
                       + ["arch/arm64/include/asm/processor.h"])
        XCTAssertEqual(hunks[3].trailer, "struct thread_struct {")
        XCTAssertEqual(hunks[3].lines.last?.text.trimmingCharacters(in: .whitespaces), "unsigned int gcs_el0_locked;")

        let variant = try ModelRoot(directory: modelsDirectory).variant("kpkeys-v8-unbatched")
        let patch = try PatchOverride.make(patches: [(mail.path, text)], model: try Frontend.patchModel(of: variant))
        let shown = SourcePath.display(mail.path)
        XCTAssertEqual(patch.taken, [
            "took kpkeys_hardened_pgtables from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -43,10 +43,44 @@) of \(shown)",
            "took arch_enter_lazy_mmu_mode from hunk 2 (arch/arm64/include/asm/pgtable.h @@ -79,7 +113,10 @@) of \(shown)",
            "took arch_leave_lazy_mmu_mode from hunk 3 (arch/arm64/include/asm/pgtable.h @@ -89,6 +126,11 @@) of \(shown)",
            "took kpkeys_lazy_mmu_enter from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -43,10 +43,44 @@) of \(shown)",
            "took kpkeys_lazy_mmu_exit from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -43,10 +43,44 @@) of \(shown)",
            "took kpkeys_lazy_mmu_enter from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -43,10 +43,44 @@) of \(shown)",
            "took kpkeys_lazy_mmu_exit from hunk 1 (arch/arm64/include/asm/pgtable.h @@ -43,10 +43,44 @@) of \(shown)",
            "took struct thread_struct from hunk 4 (arch/arm64/include/asm/processor.h @@ -193,6 +193,7 @@) of \(shown)",
        ])
        let override = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-seed-\(UUID().uuidString).c")
        try patch.text.write(to: override, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: override) }
        let listing: ParseListing
        do {
            listing = try Frontend.parse(files: [override.path], variant: variant)
        } catch {
            return XCTFail(error.render() + patch.text)
        }
        let functions = listing.functions.map(\.name)
        XCTAssertEqual(functions, ["kpkeys_lazy_mmu_enter", "kpkeys_lazy_mmu_exit", "arch_enter_lazy_mmu_mode", "arch_leave_lazy_mmu_mode"])
        XCTAssertEqual(listing.guardClasses.map(\.name), ["kpkeys_hardened_pgtables"])
        XCTAssertEqual(listing.guardClasses.first?.switchesContext, true)
        XCTAssertEqual(listing.structs.first?.fields, ["tpidr2_el0", "por_el0", "por_el1", "por_el1_lazy_mmu"])
    }

    /// The mail is looked for in a `shared/` above the package, as developers and CI have
    /// it; where there is none, the reason a test skips names the file it needs.
    func testTheMailIsFoundAboveThePackageAndItsAbsenceIsNamed() throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: top) }
        let clone = top.appendingPathComponent("work/kpcheck")
        try FileManager.default.createDirectory(at: clone, withIntermediateDirectories: true)
        XCTAssertNil(SeedPatch.mailURL(above: clone))
        XCTAssertEqual(SeedPatch.missingMailReason(above: clone),
                       "needs shared/reference/000_ef5a3f0b7e9407e2.txt (the seed patch as posted) in a folder above "
                       + "\(clone.path); a clone without the project's shared/ beside it has none")

        let mail = top.appendingPathComponent("work/shared/reference/000_ef5a3f0b7e9407e2.txt")
        try FileManager.default.createDirectory(at: mail.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("mail\n".utf8).write(to: mail)
        XCTAssertEqual(SeedPatch.mailURL(above: clone)?.path, mail.path)
    }
}
