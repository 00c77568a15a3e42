import KPIR

/// Integer operations on constants with the machine's semantics: values are 64-bit
/// patterns normalised to their type (truncated, then sign- or zero-extended).
enum ConstantFolder {
    static func unary(_ op: UnaryOp, _ value: UInt64, _ type: IntType) -> UInt64 {
        switch op {
        case .logicalNot: value == 0 ? 1 : 0
        case .bitNot: type.normalize(~value)
        case .negate: type.normalize(0 &- value)
        }
    }

    /// nil where C leaves the result undefined (division by zero, a shift by at least the
    /// width): such an operation is left for the machine to run, or is not a constant.
    static func binary(_ op: BinaryOp, _ a: UInt64, _ b: UInt64, _ type: IntType) -> UInt64? {
        let sa = Int64(bitPattern: a), sb = Int64(bitPattern: b)
        switch op {
        case .add: return type.normalize(a &+ b)
        case .sub: return type.normalize(a &- b)
        case .mul: return type.normalize(a &* b)
        case .div, .rem:
            if b == 0 { return nil }
            if type.signed {
                let result = op == .div ? sa.dividedReportingOverflow(by: sb).partialValue
                                        : sa.remainderReportingOverflow(dividingBy: sb).partialValue
                return type.normalize(UInt64(bitPattern: result))
            }
            return type.normalize(op == .div ? a / b : a % b)
        case .and: return type.normalize(a & b)
        case .or: return type.normalize(a | b)
        case .xor: return type.normalize(a ^ b)
        case .shl, .shr:
            guard b < UInt64(type.bits) else { return nil }
            if op == .shl { return type.normalize(a << b) }
            return type.normalize(type.signed ? UInt64(bitPattern: sa >> sb) : a >> b)
        case .eq: return a == b ? 1 : 0
        case .ne: return a != b ? 1 : 0
        case .lt: return (type.signed ? sa < sb : a < b) ? 1 : 0
        case .le: return (type.signed ? sa <= sb : a <= b) ? 1 : 0
        case .gt: return (type.signed ? sa > sb : a > b) ? 1 : 0
        case .ge: return (type.signed ? sa >= sb : a >= b) ? 1 : 0
        }
    }
}
