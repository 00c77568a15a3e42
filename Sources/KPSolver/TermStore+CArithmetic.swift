import KPIR

/// `CArithmetic` on terms: the machine's operations at a C integer type, encoded as 64-bit
/// operations on operands normalised to the type, with the result normalised again. On
/// constants these fold to exactly `CArithmetic`'s values (`CArithmeticTests`).
extension TermStore {
    /// `t` as `type` holds it: truncated, then sign- or zero-extended; `!= 0` for `bool`.
    public func convert(_ t: TermID, to type: IntType) -> TermID {
        if type.bits == 1 { return binary(.ne, t, constant(0)) }
        if type.bits >= 64 { return t }
        return type.signed ? signExtend(t, fromBits: Int(type.bits)) : zeroExtend(t, fromBits: Int(type.bits))
    }

    /// `op a` at `type`; `!` looks at the whole operand, as `CArithmetic.unary` does.
    public func unary(_ op: UnaryOp, _ a: TermID, as type: IntType) -> TermID {
        switch op {
        case .logicalNot: unary(.logicalNot, a)
        case .bitNot: convert(unary(.bitNot, a), to: type)
        case .negate: convert(unary(.negate, a), to: type)
        }
    }

    /// `a op b` at `type`, for operands already `convert`ed to it (the caller converts them,
    /// so that it decides the order in which their terms are made); comparisons give 1 or 0.
    public func binary(_ op: BinaryOp, _ a: TermID, _ b: TermID, as type: IntType) -> TermID {
        let termOp = TermBinaryOp(op, signed: type.signed)
        let result = binary(termOp, a, b)
        return termOp.isComparison ? result : convert(result, to: type)
    }
}
