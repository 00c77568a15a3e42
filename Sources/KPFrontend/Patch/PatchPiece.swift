import Foundation

/// A top-level declaration a hunk shows (a function, a struct, a `KPKEYS_GUARD_*(name, …)`
/// invocation), whole or in part, or a preprocessor line between them.
struct PatchPiece {
    enum Kind { case function, prototype, macroDefinition, structure, other }

    var kind: Kind
    /// The function or struct, or the macro's first argument (the guard class); nil when
    /// a hunk starts inside something git did not name.
    var name: String?
    /// Every line of the piece the hunk shows, removed ones included.
    var lines: [PatchHunk.Line]
    /// The hunk adds or removes lines of it.
    var changed: Bool
    /// Its first line is an added one: the patch introduces it.
    var added: Bool
    /// The hunk starts inside it (its beginning is missing).
    var missingStart: Bool
    /// The hunk ends inside it (its end is missing).
    var missingEnd: Bool

    var whole: Bool { !missingStart && !missingEnd }
    var postPatch: [String] { lines.filter { $0.kind != .removed }.map(\.text) }

    /// What a declaration is, from its text up to its body or `;`.
    static func classify(_ head: String) -> (Kind, String?) {
        let text = head.trimmingCharacters(in: .whitespaces)
        let identifiers = Self.identifiers(in: text)
        if let first = identifiers.first, first == first.uppercased(), first.contains("_"),
           text.dropFirst(first.count).trimmingCharacters(in: .whitespaces).hasPrefix("(") {
            return (.macroDefinition, identifiers.dropFirst().first)
        }
        let paren = text.firstIndex(of: "("), brace = text.firstIndex(of: "{")
        if text.hasPrefix("struct "), paren == nil || (brace != nil && brace! < paren!) {
            return (.structure, identifiers.dropFirst().first)
        }
        if let paren {
            let name = Self.identifiers(in: String(text[..<paren])).last
            return (brace == nil && text.hasSuffix(";") ? .prototype : .function, name)
        }
        return (.other, nil)
    }

    static func identifiers(in text: String) -> [String] {
        var result: [String] = [], current = ""
        for c in text {
            if c == "_" || c.isLetter || (c.isNumber && !current.isEmpty) {
                current.append(c)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

/// Splits a hunk into pieces by following braces and parentheses (outside comments,
/// strings and character literals) over the post-patch text.
struct PatchScanner {
    enum Item {
        case directive(PatchHunk.Line)
        case piece(PatchPiece)
    }

    private var inComment = false

    /// Brace and parenthesis balance of a line, and its code without comments.
    private mutating func measure(_ line: String) -> (braces: Int, parens: Int, code: String) {
        var braces = 0, parens = 0, code = ""
        var quote: Character?
        var previous: Character = " "
        for c in line {
            defer { previous = c }
            if inComment {
                if previous == "*", c == "/" { inComment = false }
                continue
            }
            if let q = quote {
                code.append(c)
                if c == q, previous != "\\" { quote = nil }
                continue
            }
            if previous == "/", c == "*" { code.removeLast(); inComment = true; continue }
            if previous == "/", c == "/" { code.removeLast(); break }
            code.append(c)
            switch c {
            case "\"", "'": quote = c
            case "{": braces += 1
            case "}": braces -= 1
            case "(": parens += 1
            case ")": parens -= 1
            default: break
            }
        }
        return (braces, parens, code.trimmingCharacters(in: .whitespaces))
    }

    /// How many braces deep the hunk starts: what its post-patch text closes without
    /// opening, or 1 when git names an enclosing line that opens a brace or the first code
    /// is indented or a closing brace.
    private static func startDepth(_ hunk: PatchHunk) -> Int {
        var scanner = PatchScanner(), depth = 0, lowest = 0
        for line in hunk.postPatch {
            depth += scanner.measure(line.text).braces
            lowest = min(lowest, depth)
        }
        let firstCode = hunk.lines.first { line in
            let t = line.text.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#") && !t.hasPrefix("/*") && !t.hasPrefix("*") && !t.hasPrefix("//")
        }
        let inside = hunk.trailer.hasSuffix("{") || firstCode.map { $0.text.first?.isWhitespace == true || $0.text.hasPrefix("}") } ?? false
        return max(-lowest, inside && !hunk.trailer.isEmpty || lowest < 0 ? 1 : 0)
    }

    static func items(of hunk: PatchHunk) -> [Item] {
        var scanner = PatchScanner()
        var items: [Item] = []
        var depth = startDepth(hunk), parens = 0, openedBrace = depth > 0
        var current: PatchPiece?
        if depth > 0 {
            let (kind, name) = PatchPiece.classify(hunk.trailer)
            current = PatchPiece(kind: kind == .prototype ? .function : kind, name: name, lines: [], changed: false,
                                 added: false, missingStart: true, missingEnd: false)
        }
        var pendingRemoval = false, continuedDirective = false
        for line in hunk.lines {
            if line.kind == .removed {
                if current != nil {
                    current!.lines.append(line)
                    current!.changed = true
                } else {
                    pendingRemoval = true
                }
                continue
            }
            let wasInComment = scanner.inComment
            let measured = scanner.measure(line.text)
            if current == nil {
                let trimmed = line.text.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("#") || continuedDirective {
                    if !continuedDirective { items.append(.directive(line)) }
                    continuedDirective = trimmed.hasSuffix("\\")
                    continue
                }
                if wasInComment || measured.code.isEmpty || measured.code.hasPrefix("}") { continue }
                current = PatchPiece(kind: .other, name: nil, lines: [], changed: pendingRemoval, added: line.kind == .added,
                                     missingStart: false, missingEnd: false)
                pendingRemoval = false
                openedBrace = false
            }
            current!.lines.append(line)
            if line.kind == .added { current!.changed = true }
            depth += measured.braces
            parens += measured.parens
            if measured.code.contains("{") { openedBrace = true }
            guard depth <= 0, parens <= 0 else { continue }
            let code = measured.code
            let macro = PatchPiece.classify(current!.postPatch.joined(separator: " ")).0 == .macroDefinition
            let ends = openedBrace ? code.hasSuffix("}") || code.hasSuffix("};") || code.hasSuffix(";")
                : code.hasSuffix(";") || (macro && code.hasSuffix(")"))
            guard ends else { continue }
            items.append(.piece(Self.finish(current!)))
            current = nil
            (depth, parens) = (0, 0)
        }
        if var open = current {
            open.missingEnd = true
            items.append(.piece(Self.finish(open)))
        }
        return items
    }

    /// Names a piece from its own text unless it is the part of one git named.
    private static func finish(_ piece: PatchPiece) -> PatchPiece {
        guard !piece.missingStart else { return piece }
        var result = piece
        let text = piece.postPatch.joined(separator: " ")
        let head = text.firstIndex(of: "{").map { String(text[...$0]) } ?? text
        (result.kind, result.name) = PatchPiece.classify(head)
        return result
    }
}
