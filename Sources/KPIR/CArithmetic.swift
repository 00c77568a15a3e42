/// C's integer arithmetic on constants: the one definition that the front end's constant
/// folding, the machine and the term store's folding all call, so that a folded constant
/// and Z3's answer about the same expression cannot drift apart.
///
/// A value of type `t` is a 64-bit pattern normalised to `t` (`IntType.normalize`). An
/// operation normalises its operands, computes on 64 bits and normalises the result, which
/// for normalised operands gives SMT-LIB's bit-vector operation at `t.bits` (sign- or
/// zero-extended): what Z3 answers about the machine's terms. Overflow wraps, as the kernel's
/// C does under -fno-strict-overflow, `INT_MIN / -1` included. Where C leaves the result
/// undefined (`isUndefined`) it is SMT-LIB's: `x / 0` is all ones (1 when `x` is signed and
/// negative), `x % 0` is `x`, and a shift by the width or more gives 0 (the sign for a
/// signed `>>`).
public enum CArithmetic {
    /// `op a` at `type`. `!` is 1 exactly when the whole 64-bit pattern is zero, whatever
    /// `type` says: the operand keeps the type it had.
    @inlinable
    public static func unary(_ op: UnaryOp, _ a: UInt64, _ type: IntType) -> UInt64 {
        switch op {
        case .logicalNot: a == 0 ? 1 : 0
        case .bitNot: type.normalize(~a)
        case .negate: type.normalize(0 &- a)
        }
    }

    /// `a op b` with both operands and the operation at `type`; comparisons give 1 or 0.
    @inlinable
    public static func binary(_ op: BinaryOp, _ a: UInt64, _ b: UInt64, _ type: IntType) -> UInt64 {
        let x = type.normalize(a), y = type.normalize(b), signed = type.signed
        switch op {
        case .eq: return x == y ? 1 : 0
        case .ne: return x != y ? 1 : 0
        case .lt: return less(x, y, signed) ? 1 : 0
        case .le: return less(y, x, signed) ? 0 : 1
        case .gt: return less(y, x, signed) ? 1 : 0
        case .ge: return less(x, y, signed) ? 0 : 1
        default: return type.normalize(wide(op, x, y, signed))
        }
    }

    /// Whether C leaves `a op b` at `type` undefined for the divisor or shift amount `b`:
    /// division by zero, a shift by a negative amount or by the width or more.
    @inlinable
    public static func isUndefined(_ op: BinaryOp, _ b: UInt64, _ type: IntType) -> Bool {
        switch op {
        case .div, .rem: type.normalize(b) == 0
        case .shl, .shr: type.normalize(b) >= UInt64(type.bits)
        default: false
        }
    }

    /// Keeps the low `bits` bits (1...64) of `value` and copies bit `bits - 1` above them.
    @inlinable
    public static func signExtend(_ value: UInt64, fromBits bits: Int) -> UInt64 {
        guard bits < 64 else { return value }
        let shift = UInt64(64 - bits)
        return UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
    }

    /// The mask of the low `bits` bits.
    @inlinable
    public static func lowMask(_ bits: Int) -> UInt64 { bits >= 64 ? .max : (1 << UInt64(bits)) &- 1 }

    /// An arithmetic or bitwise operation on 64 bits, SMT-LIB's where C has no answer.
    @usableFromInline
    static func wide(_ op: BinaryOp, _ x: UInt64, _ y: UInt64, _ signed: Bool) -> UInt64 {
        switch op {
        case .add: x &+ y
        case .sub: x &- y
        case .mul: x &* y
        case .div: signed ? sdiv(x, y) : udiv(x, y)
        case .rem: signed ? srem(x, y) : urem(x, y)
        case .and: x & y
        case .or: x | y
        case .xor: x ^ y
        case .shl: y >= 64 ? 0 : x << y
        case .shr where signed: UInt64(bitPattern: Int64(bitPattern: x) >> min(y, 63))
        case .shr: y >= 64 ? 0 : x >> y
        case .eq, .ne, .lt, .le, .gt, .ge: preconditionFailure("comparison \(op) is not a wide operation")
        }
    }

    @usableFromInline
    static func less(_ x: UInt64, _ y: UInt64, _ signed: Bool) -> Bool {
        signed ? Int64(bitPattern: x) < Int64(bitPattern: y) : x < y
    }

    @usableFromInline static func udiv(_ x: UInt64, _ y: UInt64) -> UInt64 { y == 0 ? .max : x / y }
    @usableFromInline static func urem(_ x: UInt64, _ y: UInt64) -> UInt64 { y == 0 ? x : x % y }

    /// SMT-LIB bvsdiv: divide magnitudes, negate when the signs differ.
    @usableFromInline
    static func sdiv(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let (xNegative, yNegative) = (x >> 63 == 1, y >> 63 == 1)
        let q = udiv(xNegative ? 0 &- x : x, yNegative ? 0 &- y : y)
        return xNegative != yNegative ? 0 &- q : q
    }

    /// SMT-LIB bvsrem: the remainder takes the sign of the dividend.
    @usableFromInline
    static func srem(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let xNegative = x >> 63 == 1, yNegative = y >> 63 == 1
        let r = urem(xNegative ? 0 &- x : x, yNegative ? 0 &- y : y)
        return xNegative ? 0 &- r : r
    }
}

extension IntType {
    /// `value` (any 64-bit pattern) as this type holds it: truncated to `bits`, then sign-
    /// or zero-extended; conversion to `bool` is `!= 0`.
    @inlinable
    public func normalize(_ value: UInt64) -> UInt64 {
        if bits == 1 { return value != 0 ? 1 : 0 }
        return signed ? CArithmetic.signExtend(value, fromBits: Int(bits)) : value & CArithmetic.lowMask(Int(bits))
    }
}
