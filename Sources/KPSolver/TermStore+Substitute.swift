import KPIR

/// Renaming the inputs of terms: what symmetry reduction needs to map a state onto the
/// state with tasks renamed, whose values mention the renamed tasks' symbols.
extension TermStore {
    /// `t` with each leaf (symbol or constant) that `leaf` maps replaced by its image,
    /// rebuilt bottom-up through the constructors, so the result is in normal form and
    /// equal, as a function of the symbols, to `t` with the leaves replaced. `memo`
    /// keeps the answer for every node rebuilt: pass the same one for the same `leaf`.
    public func substituting(_ t: TermID, memo: inout ReplicatedDictionary<TermID, TermID>, leaf: (TermID) -> TermID?) -> TermID {
        if let known = memo[t] { return known }
        let n = node(t)
        let result: TermID
        switch n.kind {
        case .constant, .symbol:
            result = leaf(t) ?? t
        case .unary:
            result = unary(n.unaryOp, substituting(n.a, memo: &memo, leaf: leaf))
        case .binary:
            let a = substituting(n.a, memo: &memo, leaf: leaf)
            result = binary(n.binaryOp, a, substituting(n.b, memo: &memo, leaf: leaf))
        case .ite:
            let c = substituting(n.a, memo: &memo, leaf: leaf), a = substituting(n.b, memo: &memo, leaf: leaf)
            result = ite(c, a, substituting(n.c, memo: &memo, leaf: leaf))
        case .signExtend:
            result = signExtend(substituting(n.a, memo: &memo, leaf: leaf), fromBits: Int(n.value))
        }
        memo[t] = result
        return result
    }
}
