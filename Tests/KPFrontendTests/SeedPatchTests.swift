import Foundation
import KPIR
import XCTest
@testable import KPFrontend

/// The functions of the seed patch (RFC v8 22/24), taken from the posted diff as they
/// read after the patch, must check as an override of kpkeys-v8-unbatched. The patch
/// text is read from shared/reference at test time and only written to a temporary file.
final class SeedPatchTests: XCTestCase {
    /// One hunk of a unified diff: the text after its `@@ … @@` and its post-patch lines.
    private struct Hunk {
        var file: String
        var trailer: String
        var lines: [String]
    }

    private static func patchURL() -> URL? {
        var directory = packageRoot
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/reference/000_ef5a3f0b7e9407e2.txt")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Hunks with their post-patch lines: context and `+` lines, `-` lines dropped, only the
    /// leading `+` or space removed. The reference copy of the mail lost the blank context
    /// lines, so the `@@` counts cannot be trusted: a hunk runs to the next `@@`, `diff` or
    /// the `--` signature line.
    private static func hunks(_ text: String) -> [Hunk] {
        var result: [Hunk] = []
        var file = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git") || line == "--" || line == "-- " {
                file = ""
                continue
            }
            if line.hasPrefix("+++ b/") {
                file = String(line.dropFirst(6))
            } else if line.hasPrefix("@@ -"), let close = line.range(of: " @@", range: line.index(line.startIndex, offsetBy: 3)..<line.endIndex) {
                result.append(Hunk(file: file, trailer: line[close.upperBound...].trimmingCharacters(in: .whitespaces), lines: []))
            } else if !file.isEmpty, !result.isEmpty, !line.hasPrefix("-"), !line.hasPrefix("index ") {
                result[result.count - 1].lines.append(String(line.hasPrefix("+") || line.hasPrefix(" ") ? line.dropFirst() : line))
            }
        }
        return result
    }

    /// Lines from the first one containing `start` through the first one after it equal to `end`.
    private static func excerpt(_ lines: [String], from start: String, through end: String) -> [String]? {
        guard let first = lines.firstIndex(where: { $0.contains(start) }),
              let last = lines[first...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == end }) else { return nil }
        return Array(lines[first...last])
    }

    func testSeedPatchChecksAsAnOverrideOfTheUnbatchedVariant() throws {
        let patchURL = try XCTUnwrap(Self.patchURL(), "shared/reference/000_ef5a3f0b7e9407e2.txt not found above the package")
        let hunks = Self.hunks(try String(contentsOf: patchURL, encoding: .utf8))
        let pgtable = hunks.filter { $0.file == "arch/arm64/include/asm/pgtable.h" }
        XCTAssertEqual(pgtable.count, 3)
        let guardAndHelpers = try XCTUnwrap(Self.excerpt(pgtable[0].lines, from: "#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES",
                                                         through: "#endif /* CONFIG_KPKEYS_HARDENED_PGTABLES */"))
        let enter = try XCTUnwrap(Self.excerpt(pgtable.flatMap(\.lines), from: "void arch_enter_lazy_mmu_mode(void)", through: "}"))
        let leave = try XCTUnwrap(Self.excerpt(pgtable.flatMap(\.lines), from: "void arch_leave_lazy_mmu_mode(void)", through: "}"))
        let processor = try XCTUnwrap(hunks.first { $0.file == "arch/arm64/include/asm/processor.h" })
        XCTAssertEqual(processor.trailer, "struct thread_struct {")
        XCTAssertEqual(processor.lines.last?.trimmingCharacters(in: .whitespaces), "unsigned int gcs_el0_locked;")
        // The hunk is cut after gcs_el0_locked: close the #ifdef CONFIG_ARM64_GCS and the struct here.
        let threadStruct = [processor.trailer] + processor.lines + ["#endif", "};"]

        let override = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-seed-\(ProcessInfo.processInfo.processIdentifier).c")
        try (guardAndHelpers + [""] + enter + [""] + leave + [""] + threadStruct).joined(separator: "\n")
            .write(to: override, atomically: true, encoding: .utf8)
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
}
