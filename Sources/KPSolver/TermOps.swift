import KPIR

/// Operations on 64-bit values, each SMT-LIB's bit-vector operation of the same name. Their
/// values on constants are `CArithmetic`'s at `u64` or `long`, so that term folding, the
/// machine and the front end share one C arithmetic and it agrees with Z3.
public enum TermUnaryOp: UInt8, Sendable {
    case bitNot, negate
    /// 1 if the operand is zero, else 0.
    case logicalNot

    var cOperator: UnaryOp {
        switch self {
        case .bitNot: .bitNot
        case .negate: .negate
        case .logicalNot: .logicalNot
        }
    }

    func apply(_ a: UInt64) -> UInt64 { CArithmetic.unary(cOperator, a, .u64) }
}

public enum TermBinaryOp: UInt8, Sendable {
    case add, sub, mul, udiv, sdiv, urem, srem, and, or, xor, shl, lshr, ashr
    /// Comparisons give 1 or 0.
    case eq, ne, ult, ule, ugt, uge, slt, sle, sgt, sge

    /// The term operation for C's `op` on operands of the given signedness.
    init(_ op: BinaryOp, signed: Bool) {
        self = switch op {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: signed ? .sdiv : .udiv
        case .rem: signed ? .srem : .urem
        case .and: .and
        case .or: .or
        case .xor: .xor
        case .shl: .shl
        case .shr: signed ? .ashr : .lshr
        case .eq: .eq
        case .ne: .ne
        case .lt: signed ? .slt : .ult
        case .le: signed ? .sle : .ule
        case .gt: signed ? .sgt : .ugt
        case .ge: signed ? .sge : .uge
        }
    }

    /// C's operator and the 64-bit type at which it is this operation.
    var cOperation: (BinaryOp, IntType) {
        switch self {
        case .add: (.add, .u64)
        case .sub: (.sub, .u64)
        case .mul: (.mul, .u64)
        case .udiv: (.div, .u64)
        case .sdiv: (.div, .long)
        case .urem: (.rem, .u64)
        case .srem: (.rem, .long)
        case .and: (.and, .u64)
        case .or: (.or, .u64)
        case .xor: (.xor, .u64)
        case .shl: (.shl, .u64)
        case .lshr: (.shr, .u64)
        case .ashr: (.shr, .long)
        case .eq: (.eq, .u64)
        case .ne: (.ne, .u64)
        case .ult: (.lt, .u64)
        case .ule: (.le, .u64)
        case .ugt: (.gt, .u64)
        case .uge: (.ge, .u64)
        case .slt: (.lt, .long)
        case .sle: (.le, .long)
        case .sgt: (.gt, .long)
        case .sge: (.ge, .long)
        }
    }

    var isCommutative: Bool {
        switch self {
        case .add, .mul, .and, .or, .xor, .eq, .ne: true
        default: false
        }
    }

    var isComparison: Bool { rawValue >= TermBinaryOp.eq.rawValue }

    func apply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (op, type) = cOperation
        return CArithmetic.binary(op, a, b, type)
    }
}

/// Keeps the low `bits` bits of `value` and copies bit `bits - 1` above them.
func signExtended(_ value: UInt64, fromBits bits: Int) -> UInt64 { CArithmetic.signExtend(value, fromBits: bits) }

/// The mask of the low `bits` bits.
func lowMask(_ bits: Int) -> UInt64 { CArithmetic.lowMask(bits) }
