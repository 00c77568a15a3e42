import Foundation
import KPIR

/// What a patch changes in a variant, as an override file: the post-patch text of every
/// function the patch changes and shows whole that the model defines (or adds and the
/// model's code, or code taken with it, calls), every changed `KPKEYS_GUARD_*` of a guard
/// class the model defines, and the model's own structs with the fields the patch adds
/// or removes. Functions a hunk only shows as unchanged context are left to the model.
public struct PatchOverride: Sendable {
    /// The override file's text.
    public var text: String
    /// `took arch_enter_lazy_mmu_mode from hunk 2 (arch/arm64/include/asm/pgtable.h @@ … @@)`.
    public var taken: [String]
    /// Changed definitions the model has no use for.
    public var leftOut: [String]

    /// What of a variant a patch may replace.
    public struct Model: Sendable {
        public var functions: Set<String>
        public var guardClasses: Set<String>
        /// Each struct's text in the model (last definition wins: the variant's overrides).
        public var structs: [String: [String]]
        /// All model source text, where calls are looked for.
        public var code: String
    }

    /// Reads `patches` (path and text) against `model`. A changed function the model
    /// defines that a hunk shows only in part is an error at its first changed line.
    public static func make(patches: [(path: String, text: String)], model: Model) throws(DiagnosticError) -> PatchOverride {
        var taken: [(piece: PatchPiece, label: String)] = []
        var candidates: [(piece: PatchPiece, label: String)] = []
        var structs: [String: [String]] = [:]
        var result = PatchOverride(text: "", taken: [], leftOut: [])
        var perHunk: [(hunk: PatchHunk, patch: String, items: [PatchScanner.Item])] = []
        for patch in patches {
            let display = SourcePath.display(SourcePath.absolute(patch.path))
            let hunks = PatchReader.hunks(patch.text)
            guard !hunks.isEmpty else {
                throw DiagnosticError(diagnostics: [Diagnostic("no diff hunks in \(display): expected a mail, format-patch or unified diff",
                                                               at: nil)])
            }
            for hunk in hunks {
                let items = PatchScanner.items(of: hunk)
                perHunk.append((hunk, display, items))
                for case .piece(let piece) in items where piece.changed {
                    let label = "\(hunk.label) of \(display)"
                    let name = piece.name ?? "?"
                    switch (piece.kind, piece.whole) {
                    case (.function, true):
                        if model.functions.contains(name) { taken.append((piece, label)) }
                        else if piece.added { candidates.append((piece, label)) }
                        else { result.leftOut.append("\(name) (\(label)): the model does not define it") }
                    case (.macroDefinition, true) where model.guardClasses.contains(name):
                        taken.append((piece, label))
                    case (.structure, _) where model.structs[name] != nil:
                        structs[name] = StructPatch.apply(piece, to: structs[name] ?? model.structs[name]!)
                        result.taken.append("took struct \(name) from \(label)")
                    case (.function, false) where piece.name == nil || model.functions.contains(name):
                        throw partial(piece, hunk: hunk, patch: display, text: patch.text)
                    case (.prototype, _), (.other, _):
                        break
                    default:
                        result.leftOut.append("\(name) (\(label)): the model does not define it")
                    }
                }
            }
        }
        // Functions the patch adds are taken once something taken or modelled calls them.
        var code = model.code + taken.map { $0.piece.postPatch.joined(separator: "\n") }.joined(separator: "\n")
        while let i = candidates.firstIndex(where: { Self.calls(code, $0.piece.name ?? "") }) {
            taken.append(candidates.remove(at: i))
            code += taken.last!.piece.postPatch.joined(separator: "\n")
        }
        result.leftOut += candidates.map { "\($0.piece.name ?? "?") (\($0.label)): added, but nothing in the model calls it" }
        let takenNames = taken.map { "\($0.piece.lines.first?.patchLine ?? 0)@\($0.label)" }
        result.taken = taken.map { "took \($0.piece.name ?? "?") from \($0.label)" } + result.taken
        result.text = Self.render(structs: structs, hunks: perHunk, taken: Set(takenNames))
        return result
    }

    /// A word-bounded `name(`.
    static func calls(_ code: String, _ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        var search = code.startIndex..<code.endIndex
        while let found = code.range(of: name, range: search) {
            let before = found.lowerBound == code.startIndex ? " " : code[code.index(before: found.lowerBound)]
            let after = code[found.upperBound...].drop { $0 == " " || $0 == "\t" }.first
            if !(before.isLetter || before.isNumber || before == "_"), after == "(" { return true }
            search = found.upperBound..<code.endIndex
        }
        return false
    }

    private static func partial(_ piece: PatchPiece, hunk: PatchHunk, patch: String, text: String) -> DiagnosticError {
        let name = piece.name.map { "'\($0)'" } ?? "the function it starts inside"
        let firstShown = hunk.newStart + (hunk.postPatch.firstIndex { $0.patchLine == piece.lines.first?.patchLine } ?? 0)
        let lastShown = firstShown + piece.postPatch.count - 1
        var missing: [String] = []
        if piece.missingStart { missing.append("everything before new line \(firstShown) (its signature and the start of its body)") }
        if piece.missingEnd { missing.append("everything after new line \(lastShown) (the rest of its body to its closing brace)") }
        let changedLine = piece.lines.first { $0.kind != .context } ?? piece.lines.first
        let location = SourceLocation(file: patch, line: changedLine?.patchLine ?? hunk.headerLine, column: 1)
        let message = "\(hunk.label) changes \(name) but shows only part of it: missing \(missing.joined(separator: " and "))"
        let note = Diagnostic("write the whole post-patch \(piece.name ?? "function") in a file and pass it with --override FILE",
                              at: nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return DiagnosticError(diagnostics: [Diagnostic(message, at: location)], notes: [note], sourceLines: [patch: lines])
    }

    /// Changed structs first, then per hunk its conditional directives (balanced within
    /// the hunk) around the pieces taken from it.
    private static func render(structs: [String: [String]], hunks: [(hunk: PatchHunk, patch: String, items: [PatchScanner.Item])],
                               taken: Set<String>) -> String {
        var out = ["/* Override written by kpcheck --patch: what the patch changes in the model. */", ""]
        for name in structs.keys.sorted() { out += structs[name]! + [""] }
        for (hunk, patch, items) in hunks {
            var lines: [String] = [], open = 0, any = false
            for item in items {
                switch item {
                case .directive(let line):
                    let word = line.text.trimmingCharacters(in: .whitespaces).dropFirst()
                        .trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }
                    if word.hasPrefix("if") { open += 1; lines.append(line.text) }
                    else if (word == "else" || word == "elif"), open > 0 { lines.append(line.text) }
                    else if word == "endif", open > 0 { open -= 1; lines.append(line.text) }
                case .piece(let piece):
                    guard taken.contains("\(piece.lines.first?.patchLine ?? 0)@\(hunk.label) of \(patch)") else { continue }
                    lines += ["/* \(hunk.label) of \(patch), line \(piece.lines.first?.patchLine ?? 0) */"] + piece.postPatch + [""]
                    any = true
                }
            }
            guard any else { continue }
            out += lines + Array(repeating: "#endif", count: open) + [""]
        }
        return out.joined(separator: "\n")
    }
}
