import Foundation

/// A struct the patch changes, applied to the model's own definition of it: a hunk
/// shows a few fields around the change (often not the whole struct), and the model
/// keeps only the fields it needs. Each added field goes after the nearest field above it
/// that the model has (or before the closing brace); each removed one the model has goes.
enum StructPatch {
    static func apply(_ piece: PatchPiece, to model: [String]) -> [String] {
        var lines = model
        var anchor: Int?
        for line in piece.lines {
            let key = normalized(line.text)
            let found = lines.firstIndex { !key.isEmpty && normalized($0) == key }
            switch line.kind {
            case .context:
                if let found { anchor = found }
            case .removed:
                if let found {
                    lines.remove(at: found)
                    if let a = anchor, a >= found { anchor = a - 1 }
                }
            case .added:
                guard !key.isEmpty, !key.hasPrefix("#") else { continue }
                let close = lines.lastIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("}") } ?? lines.count
                let at = anchor.map { $0 + 1 } ?? close
                lines.insert("\t" + line.text.trimmingCharacters(in: .whitespaces), at: at)
                anchor = at
            }
        }
        return lines
    }

    /// A field without layout or comments: `u64 por_el1;`.
    static func normalized(_ line: String) -> String {
        var text = line
        if let comment = text.range(of: "/*") { text = String(text[..<comment.lowerBound]) }
        if let comment = text.range(of: "//") { text = String(text[..<comment.lowerBound]) }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
