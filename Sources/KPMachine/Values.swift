import KPIR
import KPSolver

/// A value as the packed state holds it: one 32-bit word. Constants below 2³¹ are
/// stored inline (top bit set), so the common case never touches the term store;
/// anything else is a `TermID`. Equal constants always get the same word.
public typealias ValueWord = UInt32

/// Arithmetic on value words with C's fixed-width semantics (`CArithmetic`), folding
/// constants natively and building terms only for symbolic operands.
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

    // MARK: Operations

    func convert(_ a: ValueWord, to type: IntType) -> ValueWord {
        if let x = constant(a) { return make(type.normalize(x)) }
        return word(terms.convert(term(a), to: type))
    }

    func unary(_ op: UnaryOp, _ a: ValueWord, _ type: IntType) -> ValueWord {
        if let x = constant(a) { return make(CArithmetic.unary(op, x, type)) }
        return word(terms.unary(op, term(a), as: type))
    }

    func binary(_ op: BinaryOp, _ a: ValueWord, _ b: ValueWord, _ type: IntType) -> ValueWord {
        if let x = constant(a), let y = constant(b) { return make(CArithmetic.binary(op, x, y, type)) }
        // Each operand is converted before the next one's term is made: that order numbers new terms.
        let x = terms.convert(term(a), to: type), y = terms.convert(term(b), to: type)
        return word(terms.binary(op, x, y, as: type))
    }
}
