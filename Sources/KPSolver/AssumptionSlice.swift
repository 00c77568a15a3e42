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
        // By the terms' symbol sets (`TermStore.symbolSet`), a few operations a part, while
        // the parts' symbols are among the first 63; by names past that (walking each term
        // and building sets of names was 1.3% of a search on one thread, and more on two).
        let kept = terms.symbolSet(assumption) & TermStore.manySymbols == 0
            ? relevant(parts, to: SymbolMask(rawValue: terms.symbolSet(condition))) { SymbolMask(rawValue: terms.symbolSet($0)) }
            : relevant(parts, to: Set(terms.symbols(in: condition))) { Set(terms.symbols(in: $0)) }
        // Constant conjuncts (true) say nothing; a symbol-free false one was never built.
        guard !kept.isEmpty else { return nil }
        return kept.sorted().dropFirst().reduce(kept.min()!) { terms.binary(.and, $0, $1) }
    }

    /// A `TermStore.symbolSet` as a set.
    private struct SymbolMask: OptionSet {
        let rawValue: UInt64
    }

    /// The parts that share a symbol with the condition (whose symbols are `condition`),
    /// directly or through other parts kept.
    private func relevant<Symbols: SetAlgebra>(_ parts: [TermID], to condition: Symbols,
                                               _ symbols: (TermID) -> Symbols) -> [TermID] {
        var relevant = condition, kept: [TermID] = []
        var remaining = parts.map { (term: $0, symbols: symbols($0)) }
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
        return kept
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
