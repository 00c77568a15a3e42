/// Operations on 64-bit values and their concrete semantics, which follow
/// C's wrapping `u64` arithmetic and, where C leaves a gap (division by zero,
/// oversized shifts), SMT-LIB's bit-vector theory so that folding agrees with Z3.
public enum TermUnaryOp: UInt8, Sendable {
    case bitNot, negate
    /// 1 if the operand is zero, else 0.
    case logicalNot

    func apply(_ a: UInt64) -> UInt64 {
        switch self {
        case .bitNot: ~a
        case .negate: 0 &- a
        case .logicalNot: a == 0 ? 1 : 0
        }
    }
}

public enum TermBinaryOp: UInt8, Sendable {
    case add, sub, mul, udiv, sdiv, urem, srem, and, or, xor, shl, lshr, ashr
    /// Comparisons give 1 or 0.
    case eq, ne, ult, ule, ugt, uge, slt, sle, sgt, sge

    var isCommutative: Bool {
        switch self {
        case .add, .mul, .and, .or, .xor, .eq, .ne: true
        default: false
        }
    }

    var isComparison: Bool { rawValue >= TermBinaryOp.eq.rawValue }

    func apply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        switch self {
        case .add: a &+ b
        case .sub: a &- b
        case .mul: a &* b
        case .udiv: Self.udiv(a, b)
        case .urem: Self.urem(a, b)
        case .sdiv: Self.sdiv(a, b)
        case .srem: Self.srem(a, b)
        case .and: a & b
        case .or: a | b
        case .xor: a ^ b
        case .shl: b >= 64 ? 0 : a << b
        case .lshr: b >= 64 ? 0 : a >> b
        case .ashr: UInt64(bitPattern: Int64(bitPattern: a) >> min(b, 63))
        case .eq: a == b ? 1 : 0
        case .ne: a != b ? 1 : 0
        case .ult: a < b ? 1 : 0
        case .ule: a <= b ? 1 : 0
        case .ugt: a > b ? 1 : 0
        case .uge: a >= b ? 1 : 0
        case .slt: Int64(bitPattern: a) < Int64(bitPattern: b) ? 1 : 0
        case .sle: Int64(bitPattern: a) <= Int64(bitPattern: b) ? 1 : 0
        case .sgt: Int64(bitPattern: a) > Int64(bitPattern: b) ? 1 : 0
        case .sge: Int64(bitPattern: a) >= Int64(bitPattern: b) ? 1 : 0
        }
    }

    private static func udiv(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? .max : a / b }
    private static func urem(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : a % b }

    /// SMT-LIB bvsdiv: divide magnitudes, negate when the signs differ.
    private static func sdiv(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (aNegative, bNegative) = (a >> 63 == 1, b >> 63 == 1)
        let q = udiv(aNegative ? 0 &- a : a, bNegative ? 0 &- b : b)
        return aNegative != bNegative ? 0 &- q : q
    }

    /// SMT-LIB bvsrem: the remainder takes the sign of the dividend.
    private static func srem(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (aNegative, bNegative) = (a >> 63 == 1, b >> 63 == 1)
        let r = urem(aNegative ? 0 &- a : a, bNegative ? 0 &- b : b)
        return aNegative ? 0 &- r : r
    }
}

/// Keeps the low `bits` bits of `value` and copies bit `bits - 1` above them.
func signExtended(_ value: UInt64, fromBits bits: Int) -> UInt64 {
    guard bits < 64 else { return value }
    let shift = UInt64(64 - bits)
    return UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
}

/// The mask of the low `bits` bits.
func lowMask(_ bits: Int) -> UInt64 { bits >= 64 ? .max : (1 << UInt64(bits)) &- 1 }
