import KPIR
import KPSolver

/// A value as the packed state holds it: one 32-bit word. Constants below 2³¹ are
/// stored inline (top bit set), so the common case never touches the term store;
/// anything else is a `TermID`. Equal constants always get the same word.
public typealias ValueWord = UInt32

/// Arithmetic on value words with C's fixed-width semantics, folding constants
/// natively and building terms only for symbolic operands.
struct Values {
    let terms: TermStore
    private static let inlineBit: UInt32 = 0x8000_0000

    init(terms: TermStore) { self.terms = terms }

    @inline(__always) func make(_ v: UInt64) -> ValueWord {
        v < 0x8000_0000 ? UInt32(v) | Values.inlineBit : terms.constant(v)
    }

    @inline(__always) func constant(_ w: ValueWord) -> UInt64? {
        w & Values.inlineBit != 0 ? UInt64(w & ~Values.inlineBit) : terms.constantValue(w)
    }

    @inline(__always) func term(_ w: ValueWord) -> TermID {
        w & Values.inlineBit != 0 ? terms.constant(UInt64(w & ~Values.inlineBit)) : w
    }

    /// The word for a term: inline if it folded to a small constant.
    func word(_ t: TermID) -> ValueWord {
        if let c = terms.constantValue(t) { return make(c) }
        return t
    }

    func isTrue(_ w: ValueWord) -> Bool? { constant(w).map { $0 != 0 } }

    // MARK: C semantics on constants

    static func fit(_ v: UInt64, _ type: IntType) -> UInt64 {
        if type.bits == 1 { return v != 0 ? 1 : 0 }
        if type.bits >= 64 { return v }
        let mask = (UInt64(1) << UInt64(type.bits)) - 1
        let low = v & mask
        if type.signed && low & (UInt64(1) << UInt64(type.bits - 1)) != 0 { return low | ~mask }
        return low
    }

    static func fold(_ op: BinaryOp, _ x: UInt64, _ y: UInt64, _ type: IntType) -> UInt64 {
        let sx = Int64(bitPattern: x), sy = Int64(bitPattern: y)
        switch op {
        case .add: return fit(x &+ y, type)
        case .sub: return fit(x &- y, type)
        case .mul: return fit(x &* y, type)
        case .div:
            if y == 0 { return fit(type.signed && sx < 0 ? 1 : ~0, type) }
            if type.signed { return fit(UInt64(bitPattern: sy == -1 ? 0 &- sx : sx / sy), type) }
            return fit(x / y, type)
        case .rem:
            if y == 0 { return x }
            if type.signed { return fit(UInt64(bitPattern: sy == -1 ? 0 : sx % sy), type) }
            return fit(x % y, type)
        case .and: return x & y
        case .or: return x | y
        case .xor: return x ^ y
        case .shl: return y >= 64 ? 0 : fit(x << y, type)
        case .shr:
            if type.signed { return UInt64(bitPattern: y >= 64 ? (sx < 0 ? -1 : 0) : sx >> Int64(y)) }
            return y >= 64 ? 0 : x >> y
        case .eq: return x == y ? 1 : 0
        case .ne: return x != y ? 1 : 0
        case .lt: return (type.signed ? sx < sy : x < y) ? 1 : 0
        case .le: return (type.signed ? sx <= sy : x <= y) ? 1 : 0
        case .gt: return (type.signed ? sx > sy : x > y) ? 1 : 0
        case .ge: return (type.signed ? sx >= sy : x >= y) ? 1 : 0
        }
    }

    // MARK: Operations

    func convert(_ a: ValueWord, to type: IntType) -> ValueWord {
        if let x = constant(a) { return make(Values.fit(x, type)) }
        return word(fitTerm(term(a), type))
    }

    func unary(_ op: UnaryOp, _ a: ValueWord, _ type: IntType) -> ValueWord {
        if let x = constant(a) {
            switch op {
            case .logicalNot: return make(x == 0 ? 1 : 0)
            case .bitNot: return make(Values.fit(~x, type))
            case .negate: return make(Values.fit(0 &- x, type))
            }
        }
        let t = term(a)
        switch op {
        case .logicalNot: return word(terms.unary(.logicalNot, t))
        case .bitNot: return word(fitTerm(terms.unary(.bitNot, t), type))
        case .negate: return word(fitTerm(terms.unary(.negate, t), type))
        }
    }

    func binary(_ op: BinaryOp, _ a: ValueWord, _ b: ValueWord, _ type: IntType) -> ValueWord {
        if let x = constant(a), let y = constant(b) {
            return make(Values.fold(op, Values.fit(x, type), Values.fit(y, type), type))
        }
        let x = fitTerm(term(a), type), y = fitTerm(term(b), type)
        let s = type.signed
        let result: TermID
        switch op {
        case .add: result = terms.binary(.add, x, y)
        case .sub: result = terms.binary(.sub, x, y)
        case .mul: result = terms.binary(.mul, x, y)
        case .div: result = terms.binary(s ? .sdiv : .udiv, x, y)
        case .rem: result = terms.binary(s ? .srem : .urem, x, y)
        case .and: result = terms.binary(.and, x, y)
        case .or: result = terms.binary(.or, x, y)
        case .xor: result = terms.binary(.xor, x, y)
        case .shl: result = terms.binary(.shl, x, y)
        case .shr: result = terms.binary(s ? .ashr : .lshr, x, y)
        case .eq: return word(terms.binary(.eq, x, y))
        case .ne: return word(terms.binary(.ne, x, y))
        case .lt: return word(terms.binary(s ? .slt : .ult, x, y))
        case .le: return word(terms.binary(s ? .sle : .ule, x, y))
        case .gt: return word(terms.binary(s ? .sgt : .ugt, x, y))
        case .ge: return word(terms.binary(s ? .sge : .uge, x, y))
        }
        return word(fitTerm(result, type))
    }

    private func fitTerm(_ t: TermID, _ type: IntType) -> TermID {
        if type.bits == 1 { return terms.binary(.ne, t, terms.constant(0)) }
        if type.bits >= 64 { return t }
        return type.signed ? terms.signExtend(t, fromBits: Int(type.bits)) : terms.zeroExtend(t, fromBits: Int(type.bits))
    }
}
