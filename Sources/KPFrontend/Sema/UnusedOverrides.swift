import KPIR

/// Definitions that override files added and nothing uses: warnings, as a compiler warns
/// about an unused static function, never errors. In a file the user gave, the likely
/// cause is a misspelt name meant to replace one of the variant's, so the warning names
/// the closest defined name. The variant's own additions are its helpers: one that a
/// user's override leaves unused (it replaced their caller) is fine; without user
/// overrides, an unused one is the variant's own slip.
enum UnusedOverrides {
    static func warnings(_ linked: LinkedProgram, referenced: Set<String>) -> [BuildWarning] {
        var warnings: [BuildWarning] = []
        for definition in linked.newInOverrides where !referenced.contains(definition.name) {
            if !definition.byUser {
                if !linked.hasUserOverrides {
                    warnings.append(BuildWarning("the variant's override defines '\(definition.name)', which nothing uses",
                                                 at: definition.location))
                }
                continue
            }
            var message = "override defines '\(definition.name)', which the variant does not define and nothing uses"
            var notes: [Diagnostic] = []
            if let match = closest(to: definition.name, among: candidates(of: definition.kind, in: linked)) {
                message += "; did you mean '\(match.name)'?"
                notes.append(Diagnostic("'\(match.name)' is defined here", at: match.location))
            }
            warnings.append(BuildWarning(message, at: definition.location, notes: notes))
        }
        return warnings
    }

    /// Names of `kind` the program defines, the user's new ones left out.
    private static func candidates(of kind: Linker.Kind, in linked: LinkedProgram) -> [(name: String, location: SourceLocation)] {
        let users = Set(linked.newInOverrides.filter(\.byUser).map(\.name))
        let defined: [(name: String, location: SourceLocation)] = switch kind {
        case .function: linked.functions.map { ($0.name, $0.location) }
        case .structure: linked.structs.map { ($0.name, $0.location) }
        case .guardClass: linked.guardClasses.map { ($0.name, $0.location) }
        case .variable: linked.globals.map { ($0.name, $0.location) }
        case .perCPU: linked.perCPU.map { ($0.name, $0.location) }
        case .staticKey, .enumConstant: []
        }
        return defined.filter { !users.contains($0.name) }
    }

    /// The candidate fewest edits away, if that is at most a third of the name's length
    /// (rounded up): a typo, not a different name. The first one wins a tie.
    static func closest(to name: String, among candidates: [(name: String, location: SourceLocation)])
        -> (name: String, location: SourceLocation)? {
        let limit = (name.count + 2) / 3
        var best: (candidate: (name: String, location: SourceLocation), distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(name.utf8), Array(candidate.name.utf8))
            if distance <= limit, distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
