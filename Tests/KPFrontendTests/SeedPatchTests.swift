import Foundation
import KPIR
import KPTestSupport
import XCTest
@testable import KPFrontend

/// The functions of the seed patch (RFC v8 22/24), taken from the posted diff as they
/// read after the patch, must check as an override of kpkeys-v8-unbatched. The patch
/// text is read from shared/reference at test time and only written to a temporary file;
/// without it (a user's clone) the test skips.
final class SeedPatchTests: XCTestCase {
    func testSeedPatchChecksAsAnOverrideOfTheUnbatchedVariant() throws {
        guard SeedPatch.mailURL(above: packageRoot) != nil else { throw XCTSkip(SeedPatch.missingMailReason(above: packageRoot)) }
        let seed = try SeedPatch.extract(above: packageRoot)
        XCTAssertEqual(seed.pgtableHunkCount, 3)
        XCTAssertEqual(seed.processorHunk.trailer, "struct thread_struct {")
        XCTAssertEqual(seed.processorHunk.lines.last?.trimmingCharacters(in: .whitespaces), "unsigned int gcs_el0_locked;")
        let override = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-seed-\(ProcessInfo.processInfo.processIdentifier).c")
        try seed.overrideText.write(to: override, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: override) }

        let variant = try ModelRoot(directory: modelsDirectory).variant("kpkeys-v8-unbatched")
        let listing: ParseListing
        do {
            listing = try Frontend.parse(files: [override.path], variant: variant)
        } catch {
            return XCTFail(error.render())
        }
        let functions = listing.functions.map(\.name)
        XCTAssertTrue(functions.contains("kpkeys_lazy_mmu_enter"), "\(functions)")
        XCTAssertTrue(functions.contains("kpkeys_lazy_mmu_exit"), "\(functions)")
        XCTAssertEqual(functions.filter { $0.hasPrefix("arch_") }, ["arch_enter_lazy_mmu_mode", "arch_leave_lazy_mmu_mode"])
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
        XCTAssertThrowsError(try SeedPatch.extract(above: clone)) { error in
            guard case SeedPatch.Failure.missingMail = error else { return XCTFail("\(error)") }
        }

        let mail = top.appendingPathComponent("work/shared/reference/000_ef5a3f0b7e9407e2.txt")
        try FileManager.default.createDirectory(at: mail.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("mail\n".utf8).write(to: mail)
        XCTAssertEqual(SeedPatch.mailURL(above: clone)?.path, mail.path)
    }
}
