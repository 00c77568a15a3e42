/// Keeping only the part of an assumption that can matter to a condition.
///
/// The machine's path conditions are conjunctions of 0/1 terms, each satisfiable
/// (a fork is only taken when its side is). A conjunct that shares no symbol,
/// directly or through other kept conjuncts, with the condition cannot change
/// whether the condition is valid or satisfiable under the rest, so it is dropped.
/// Questions that differ only in irrelevant history then share one cache entry.
extension Solver {
    func slice(_ assumption: TermID, for condition: TermID) -> TermID? {
        var parts: [TermID] = []
        conjuncts(of: assumption, into: &parts)
        var relevant = Set(terms.symbols(in: condition))
        var remaining = parts.map { (term: $0, symbols: Set(terms.symbols(in: $0))) }
        var kept: [TermID] = []
        var changed = true
        while changed {
            changed = false
            remaining.removeAll { part in
                guard !part.symbols.isDisjoint(with: relevant) else { return false }
                kept.append(part.term)
                relevant.formUnion(part.symbols)
                changed = true
                return true
            }
        }
        // Constant conjuncts (true) say nothing; a symbol-free false one was never built.
        guard !kept.isEmpty else { return nil }
        return kept.sorted().dropFirst().reduce(kept.min()!) { terms.binary(.and, $0, $1) }
    }

    /// Splits `t` at `and` nodes whose two sides are 0/1 values: only there does
    /// a bitwise and mean "both hold".
    private func conjuncts(of t: TermID, into parts: inout [TermID]) {
        let node = terms.node(t)
        if node.isBinary(.and), terms.knownBits(node.a).isBoolean, terms.knownBits(node.b).isBoolean {
            conjuncts(of: node.a, into: &parts)
            conjuncts(of: node.b, into: &parts)
        } else if terms.constantValue(t) == nil {
            parts.append(t)
        }
    }
}
