/// The rewrite rules that put a new term into normal form before it is interned.
/// Each rule either returns an existing normal form or recurses through the
/// public constructors, so every stored node is a fixpoint of the rules: asking
/// for a stored node directly gives that node, whatever route first built it.
extension TermStore {
    /// `(base & mask) | bits` with `mask & bits == 0`: what `&` and `|` with
    /// constants make of one term.
    struct Masked {
        var base: TermID
        var mask: UInt64
        var bits: UInt64
    }

    private var zero: TermID { Self.falseTerm }
    private var one: TermID { Self.trueTerm }

    func rewrite(_ op: TermUnaryOp, _ a: TermID) -> TermID {
        if let v = constantValue(a) { return constant(op.apply(v)) }
        let n = node(a)
        switch op {
        case .logicalNot:
            return binary(.eq, a, zero)
        case .bitNot:
            if n.kind == .unary && n.unaryOp == .bitNot { return n.a }
            if let f = maskedForm(a) {
                return build(Masked(base: unary(.bitNot, f.base), mask: f.mask, bits: ~f.bits & ~f.mask))
            }
        case .negate:
            if n.kind == .unary && n.unaryOp == .negate { return n.a }
        }
        return make(.unary(op, a))
    }

    func rewrite(_ op: TermBinaryOp, _ a: TermID, _ b: TermID) -> TermID {
        if op.isCommutative && precedes(b, a) { return binary(op, b, a) }
        if let x = constantValue(a), let y = constantValue(b) { return constant(op.apply(x, y)) }
        return simplified(op, a, b) ?? make(.binary(op, a, b))
    }

    func rewriteITE(_ c: TermID, _ a: TermID, _ b: TermID) -> TermID {
        if let v = constantValue(c) { return v != 0 ? a : b }
        if a == b { return a }
        // Conditions keep one polarity: eq over ne, ult over ule, slt over sle, `x` over `x == 0`.
        let n = node(c)
        if n.isBinary(.eq) && constantValue(n.b) == 0 { return ite(n.a, b, a) }
        if n.isBinary(.ne) || n.isBinary(.ule) || n.isBinary(.sle), let (op, x, y) = negatedComparison(n) {
            return ite(binary(op, x, y), b, a)
        }
        switch (constantValue(a), constantValue(b)) {
        case (1?, 0?): return binary(.ne, c, zero)
        case (0?, 1?): return binary(.eq, c, zero)
        default: return make(.ite(c, a, b))
        }
    }

    func rewriteSignExtend(_ a: TermID, fromBits width: Int) -> TermID {
        if width == 64 { return a }
        if let v = constantValue(a) { return constant(signExtended(v, fromBits: width)) }
        let low = lowMask(width), sign = UInt64(1) << UInt64(width - 1), x = knownBits(a)
        if x.mayBeOne & sign == 0 { return binary(.and, a, constant(low)) }
        if x.mustBeOne & sign != 0 { return binary(.or, a, constant(~low)) }
        // Only the low bits matter: drop a mask that keeps them as they are in its base.
        if let f = maskedForm(a) {
            let base = knownBits(f.base), kept = low & ~f.mask
            if kept & base.unknown == 0 && f.bits & low == base.mustBeOne & kept {
                return signExtend(f.base, fromBits: width)
            }
        }
        return make(TermNode(kind: .signExtend, a: a, value: UInt64(width)))
    }

    /// Constants last, otherwise the older term first.
    private func precedes(_ x: TermID, _ y: TermID) -> Bool {
        let (xConstant, yConstant) = (isConstant(x), isConstant(y))
        return xConstant != yConstant ? yConstant : x < y
    }

    private func simplified(_ op: TermBinaryOp, _ a: TermID, _ b: TermID) -> TermID? {
        let k = constantValue(b)
        switch op {
        case .add:
            if k == 0 { return a }
            if let k, let (x, j) = withConstant(.add, a) { return binary(.add, x, constant(j &+ k)) }
        case .sub:
            if a == b { return zero }
            if let k { return binary(.add, a, constant(0 &- k)) }
            if constantValue(a) == 0 { return unary(.negate, b) }
        case .mul:
            if k == 0 { return zero }
            if k == 1 { return a }
            if let k, let (x, j) = withConstant(.mul, a) { return binary(.mul, x, constant(j &* k)) }
        case .udiv, .sdiv:
            if k == 1 { return a }
        case .urem, .srem:
            if k == 1 { return zero }
        case .and, .or:
            if a == b { return a }
            if let k {
                let f = maskedForm(a) ?? Masked(base: a, mask: .max, bits: 0)
                return build(op == .and ? Masked(base: f.base, mask: f.mask & k, bits: f.bits & k)
                                        : Masked(base: f.base, mask: f.mask & ~k, bits: f.bits | k))
            }
        case .xor:
            if a == b { return zero }
            if k == 0 { return a }
            if k == .max { return unary(.bitNot, a) }
            if let k, let (x, j) = withConstant(.xor, a) { return binary(.xor, x, constant(j ^ k)) }
        case .shl, .lshr:
            if let k { return shifted(op, a, by: k) }
        case .ashr:
            if k == 0 { return a }
            if let k, k > 63 { return binary(.ashr, a, constant(63)) }
            if let k, let (x, j) = withConstant(.ashr, a) { return binary(.ashr, x, constant(min(j + k, 63))) }
        case .eq, .ne:
            return equality(op == .eq, a, b)
        case .ult, .ule:
            let (x, y) = (knownBits(a), knownBits(b))
            if a == b { return op == .ule ? one : zero }
            if op == .ult ? x.mayBeOne < y.mustBeOne : x.mayBeOne <= y.mustBeOne { return one }
            if op == .ult ? x.mustBeOne >= y.mayBeOne : x.mustBeOne > y.mayBeOne { return zero }
        case .slt, .sle:
            if a == b { return op == .sle ? one : zero }
        case .ugt: return binary(.ult, b, a)
        case .uge: return binary(.ule, b, a)
        case .sgt: return binary(.slt, b, a)
        case .sge: return binary(.sle, b, a)
        }
        return nil
    }

    /// `t` as `x op k` for a constant `k`.
    private func withConstant(_ op: TermBinaryOp, _ t: TermID) -> (TermID, UInt64)? {
        let n = node(t)
        guard n.isBinary(op), let k = constantValue(n.b) else { return nil }
        return (n.a, k)
    }

    private func shifted(_ op: TermBinaryOp, _ a: TermID, by k: UInt64) -> TermID? {
        if k == 0 { return a }
        if k >= 64 { return zero }
        if let (x, j) = withConstant(op, a) { return binary(op, x, constant(j + k)) }
        guard let f = maskedForm(a) else { return nil }
        let move: (UInt64) -> UInt64 = op == .shl ? { $0 << k } : { $0 >> k }
        return build(Masked(base: binary(op, f.base, constant(k)), mask: move(f.mask), bits: move(f.bits)))
    }

    private func equality(_ isEq: Bool, _ a: TermID, _ b: TermID) -> TermID? {
        let (same, different) = isEq ? (one, zero) : (zero, one)
        if a == b { return same }
        if knownBits(a).excludes(knownBits(b)) { return different }
        guard let k = constantValue(b) else { return nil }
        let op: TermBinaryOp = isEq ? .eq : .ne
        // Here a boolean `a` is compared with 0 or 1.
        if knownBits(a).isBoolean { return (k == 1) == isEq ? a : negation(a) }
        if let (x, j) = withConstant(.add, a) { return binary(op, x, constant(k &- j)) }
        if let (x, j) = withConstant(.xor, a) { return binary(op, x, constant(k ^ j)) }
        // Bits outside the mask already match; compare the masked part only.
        if node(a).isBinary(.or), let f = maskedForm(a) {
            return binary(op, build(Masked(base: f.base, mask: f.mask, bits: 0)), constant(k & f.mask))
        }
        return nil
    }

    /// `!t` for a 0/1-valued `t`.
    private func negation(_ t: TermID) -> TermID {
        if let (op, x, y) = negatedComparison(node(t)) { return binary(op, x, y) }
        return make(.binary(.eq, t, zero))
    }

    /// The comparison that is true exactly when the stored comparison `n` is false.
    private func negatedComparison(_ n: TermNode) -> (TermBinaryOp, TermID, TermID)? {
        guard n.kind == .binary else { return nil }
        switch n.binaryOp {
        case .eq: return (.ne, n.a, n.b)
        case .ne: return (.eq, n.a, n.b)
        case .ult: return (.ule, n.b, n.a)
        case .ule: return (.ult, n.b, n.a)
        case .slt: return (.sle, n.b, n.a)
        case .sle: return (.slt, n.b, n.a)
        default: return nil
        }
    }

    /// The masked form of an `&`/`|`-with-constant node, as `build` made it.
    func maskedForm(_ t: TermID) -> Masked? {
        let n = node(t)
        guard n.kind == .binary, let k = constantValue(n.b) else { return nil }
        switch n.binaryOp {
        case .and:
            return Masked(base: n.a, mask: k, bits: 0)
        case .or:
            let inner = node(n.a)
            if inner.isBinary(.and), let m = constantValue(inner.b) {
                return Masked(base: inner.a, mask: m & ~k, bits: k)
            }
            return Masked(base: n.a, mask: ~k, bits: k)
        default:
            return nil
        }
    }

    /// The canonical term for `(base & mask) | bits`: bits of `base` that are
    /// known move into `bits`, so the mask keeps only unknown bits; the `&` is
    /// left out when it would clear nothing, the `|` when it would set nothing.
    private func build(_ f: Masked) -> TermID {
        let x = knownBits(f.base)
        let mask = f.mask & x.unknown
        let bits = f.bits | (f.mask & x.mustBeOne)
        if mask == 0 { return constant(bits) }
        let inner = x.mayBeOne & ~mask & ~bits == 0 ? f.base : make(.binary(.and, f.base, constant(mask)))
        let rest = bits & ~knownBits(inner).mustBeOne
        return rest == 0 ? inner : make(.binary(.or, inner, constant(rest)))
    }
}
