import Foundation

/// One hunk of a unified diff, as read from a mail (`b4 am`, `git format-patch`, an
/// mbox of several) or a plain diff.
public struct PatchHunk: Sendable {
    public enum Kind: Sendable { case context, added, removed }

    public struct Line: Sendable {
        public var kind: Kind
        /// The line without its `+`, `-` or space.
        public var text: String
        /// Where the line is in the patch file (1-based).
        public var patchLine: Int
    }

    /// 1-based, counted over the whole patch file (every mail of an mbox).
    public var number: Int
    /// The post-patch path (`+++ b/…`).
    public var file: String
    /// `@@ -43,10 +43,44 @@`.
    public var range: String
    /// The text after the range: the line git names as the enclosing function.
    public var trailer: String
    /// First line of the new file the hunk shows.
    public var newStart: Int
    /// Where the `@@` line is in the patch file.
    public var headerLine: Int
    public var lines: [Line] = []

    /// `hunk 2 (arch/arm64/include/asm/pgtable.h @@ -79,7 +113,10 @@)`.
    public var label: String { "hunk \(number) (\(file) \(range))" }

    /// Context and added lines: the text after the patch.
    var postPatch: [Line] { lines.filter { $0.kind != .removed } }
}

/// Reads the hunks of a patch file. Counts in `@@` lines end a hunk where they run out,
/// as in any diff; but copies of mails from web archives lose blank context lines (and
/// the space that starts context lines), so a hunk also ends at the next `@@`, `diff`,
/// mail separator or `--` signature line, and a line with no prefix is context.
public enum PatchReader {
    public static func hunks(_ text: String) -> [PatchHunk] {
        var result: [PatchHunk] = []
        var file = ""
        var oldLeft = 0, newLeft = 0
        var open = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSuffix("\r")) }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.hasPrefix("diff ") || line == "--" || line == "-- " || line.hasPrefix("From ")
                || (line.hasPrefix("--- ") && index + 1 < lines.count && lines[index + 1].hasPrefix("+++ ")) {
                open = false
                if !line.hasPrefix("--- ") { file = "" }
                continue
            }
            if line.hasPrefix("+++ "), !open {
                file = Self.path(String(line.dropFirst(4)))
                continue
            }
            if line.hasPrefix("@@ -"), let header = Header(line) {
                result.append(PatchHunk(number: result.count + 1, file: file, range: header.range,
                                        trailer: header.trailer, newStart: header.newStart, headerLine: number))
                (oldLeft, newLeft, open) = (header.oldCount, header.newCount, true)
                continue
            }
            guard open, !result.isEmpty, !line.hasPrefix("\\") else { continue }
            let kind: PatchHunk.Kind
            if line.hasPrefix("+") {
                kind = .added
                newLeft -= 1
            } else if line.hasPrefix("-") {
                kind = .removed
                oldLeft -= 1
            } else {
                kind = .context
                oldLeft -= 1
                newLeft -= 1
            }
            let body = kind != .context || line.hasPrefix(" ") ? String(line.dropFirst()) : line
            result[result.count - 1].lines.append(PatchHunk.Line(kind: kind, text: body, patchLine: number))
            if oldLeft <= 0, newLeft <= 0 { open = false }
        }
        return result
    }

    /// `b/arch/arm64/x.h\t2026-…` → `arch/arm64/x.h`.
    private static func path(_ field: String) -> String {
        let name = String(field.split(separator: "\t").first ?? "")
        return name.hasPrefix("b/") ? String(name.dropFirst(2)) : name
    }

    private struct Header {
        var range: String
        var trailer: String
        var oldCount: Int
        var newStart: Int
        var newCount: Int

        init?(_ line: String) {
            let afterAt = line.dropFirst(3)
            guard let close = afterAt.range(of: " @@") else { return nil }
            let fields = afterAt[..<close.lowerBound].split(separator: " ")
            guard fields.count == 2, fields[0].hasPrefix("-"), fields[1].hasPrefix("+") else { return nil }
            func parse(_ field: Substring) -> (Int, Int)? {
                let parts = field.dropFirst().split(separator: ",")
                guard let start = Int(parts[0]) else { return nil }
                return (start, parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
            }
            guard let old = parse(fields[0]), let new = parse(fields[1]) else { return nil }
            range = String(line[..<close.upperBound])
            trailer = afterAt[close.upperBound...].trimmingCharacters(in: .whitespaces)
            oldCount = old.1
            newStart = new.0
            newCount = new.1
        }
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : self }
}
