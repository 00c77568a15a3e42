import Foundation

/// The functions of the seed patch (RFC v8 22/24) as they read after the patch, taken
/// from the posted mail in `shared/reference` at test time. The patch text never enters
/// the repository: tests write it to a temporary override file.
public enum SeedPatch {
    /// One hunk of a unified diff: the text after its `@@ … @@` and its post-patch lines.
    public struct Hunk {
        public var file: String
        public var trailer: String
        public var lines: [String]
    }

    /// Where the mail is, relative to a folder above the package: the project's `shared/`,
    /// which developers and CI have beside their clone and a user's clone does not.
    public static let mailPath = "shared/reference/000_ef5a3f0b7e9407e2.txt"

    /// `mailPath`, looked for above `start`.
    public static func mailURL(above start: URL) -> URL? {
        var directory = start
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(mailPath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Hunks with their post-patch lines: context and `+` lines, `-` lines dropped, only the
    /// leading `+` or space removed. The reference copy of the mail lost the blank context
    /// lines, so the `@@` counts cannot be trusted: a hunk runs to the next `@@`, `diff` or
    /// the `--` signature line.
    public static func hunks(_ text: String) -> [Hunk] {
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
    public static func excerpt(_ lines: [String], from start: String, through end: String) -> [String]? {
        guard let first = lines.firstIndex(where: { $0.contains(start) }),
              let last = lines[first...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == end }) else { return nil }
        return Array(lines[first...last])
    }

    public struct Extraction {
        public var guardAndHelpers: [String]
        public var enter: [String]
        public var leave: [String]
        public var processorHunk: Hunk
        /// `struct thread_struct` from its hunk, which is cut after `gcs_el0_locked;`:
        /// closed here with the `#endif` and `};` the mail does not show.
        public var threadStruct: [String] { [processorHunk.trailer] + processorHunk.lines + ["#endif", "};"] }
        public var pgtableHunkCount: Int

        /// The override file: the guard block, both arch hooks, and the struct.
        public var overrideText: String {
            (guardAndHelpers + [""] + enter + [""] + leave + [""] + threadStruct).joined(separator: "\n") + "\n"
        }
    }

    /// Why a test that needs the mail skips when there is none above `start`.
    public static func missingMailReason(above start: URL) -> String {
        "needs \(mailPath) (the seed patch as posted) in a folder above \(start.path); "
            + "a clone without the project's shared/ beside it has none"
    }

    public enum Failure: Error { case missingMail, missingPart(String) }

    /// Extracts the seed patch's functions from the mail found above `start`.
    public static func extract(above start: URL) throws -> Extraction {
        guard let url = mailURL(above: start) else { throw Failure.missingMail }
        let all = hunks(try String(contentsOf: url, encoding: .utf8))
        let pgtable = all.filter { $0.file == "arch/arm64/include/asm/pgtable.h" }
        guard let first = pgtable.first,
              let guardAndHelpers = excerpt(first.lines, from: "#ifdef CONFIG_KPKEYS_HARDENED_PGTABLES",
                                            through: "#endif /* CONFIG_KPKEYS_HARDENED_PGTABLES */") else {
            throw Failure.missingPart("the guard block")
        }
        guard let enter = excerpt(pgtable.flatMap(\.lines), from: "void arch_enter_lazy_mmu_mode(void)", through: "}"),
              let leave = excerpt(pgtable.flatMap(\.lines), from: "void arch_leave_lazy_mmu_mode(void)", through: "}") else {
            throw Failure.missingPart("arch_enter/leave_lazy_mmu_mode")
        }
        guard let processor = all.first(where: { $0.file == "arch/arm64/include/asm/processor.h" }) else {
            throw Failure.missingPart("struct thread_struct")
        }
        return Extraction(guardAndHelpers: guardAndHelpers, enter: enter, leave: leave, processorHunk: processor,
                          pgtableHunkCount: pgtable.count)
    }

    /// Writes the override to a temporary file and returns its path.
    public static func writeOverride(above start: URL) throws -> String {
        let text = try extract(above: start).overrideText
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kpcheck-seed-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).c")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
