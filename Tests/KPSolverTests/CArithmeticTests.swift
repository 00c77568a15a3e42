import CZ3
import KPIR
import KPTestSupport
import XCTest
@testable import KPSolver

/// `CArithmetic` against Z3 for every operator and C integer type, on a fixed pseudo-random
/// set of operands with the edge values among them. Each value is compared with three others:
/// Z3's operation at the type's own width (`NativeBitVectors`, which knows nothing of the
/// project), Z3's value of the term the machine builds for the operation (so the 64-bit
/// encoding and its translation to Z3 are checked too), and the term store's folding of it.
final class CArithmeticTests: XCTestCase {
    static let types: [IntType] = [.bool, .u8, IntType(bits: 8, signed: true), .u16, IntType(bits: 16, signed: true),
                                   .u32, .int, .u64, .long]
    static let binaryOperators: [BinaryOp] = [.add, .sub, .mul, .div, .rem, .and, .or, .xor, .shl, .shr,
                                              .eq, .ne, .lt, .le, .gt, .ge]
    static let unaryOperators: [UnaryOp] = [.logicalNot, .bitNot, .negate]

    let store = TermStore()
    lazy var z3 = Z3Context(terms: store, timeoutMilliseconds: 10_000)
    let native = NativeBitVectors()
    lazy var x = store.symbol("x")
    lazy var y = store.symbol("y")
    var mismatches: [String] = []

    override func tearDown() {
        XCTAssert(mismatches.isEmpty, "\(mismatches.count) mismatches, the first:\n" + mismatches.prefix(10).joined(separator: "\n"))
        super.tearDown()
    }

    func testBinaryOperatorsAgreeWithZ3() {
        for type in Self.types {
            let pairs = Operands.pairs(for: type)
            for op in Self.binaryOperators {
                let encoded = machineTerm(op, x, y, type)
                for (a, b) in pairs {
                    let expected = CArithmetic.binary(op, a, b, type)
                    let folded = store.constantValue(machineTerm(op, store.constant(a), store.constant(b), type))
                    check(expected, native: native.binary(op, a, b, type), encoded: z3.evaluate(encoded, ["x": a, "y": b]),
                          folded: folded, "\(type) \(hex(a)) \(op) \(hex(b))")
                }
            }
        }
    }

    func testUnaryOperatorsAgreeWithZ3() {
        for type in Self.types {
            let operands = Operands.values(for: type).map(type.normalize)
            for op in Self.unaryOperators {
                let encoded = store.unary(op, x, as: type)
                for a in operands {
                    check(CArithmetic.unary(op, a, type), native: native.unary(op, a, type),
                          encoded: z3.evaluate(encoded, ["x": a]),
                          folded: store.constantValue(store.unary(op, store.constant(a), as: type)), "\(type) \(op) \(hex(a))")
                }
            }
        }
    }

    /// Truncation, sign and zero extension, and conversion to bool, between every two types.
    func testConversionsAgreeWithZ3() {
        for from in Self.types {
            let operands = Operands.values(for: from).map(from.normalize)
            for to in Self.types {
                let encoded = store.convert(x, to: to)
                for a in operands {
                    check(to.normalize(a), native: native.convert(a, from: from, to: to),
                          encoded: z3.evaluate(encoded, ["x": a]),
                          folded: store.constantValue(store.convert(store.constant(a), to: to)), "(\(to)) \(hex(a)) as \(from)")
                }
            }
        }
    }

    /// The term store's 64-bit operations are `CArithmetic`'s at u64 and long, and each
    /// translates to the SMT-LIB operation of its name.
    func testTermOperationsAgreeWithZ3() {
        let operators: [TermBinaryOp] = [.add, .sub, .mul, .udiv, .sdiv, .urem, .srem, .and, .or, .xor, .shl, .lshr, .ashr,
                                         .eq, .ne, .ult, .ule, .ugt, .uge, .slt, .sle, .sgt, .sge]
        for op in operators {
            let (cOperator, type) = op.cOperation
            XCTAssertEqual(TermBinaryOp(cOperator, signed: type.signed), op)
            let encoded = store.binary(op, x, y)
            for (a, b) in Operands.pairs(for: type) {
                check(op.apply(a, b), native: native.binary(cOperator, a, b, type), encoded: z3.evaluate(encoded, ["x": a, "y": b]),
                      folded: store.constantValue(store.binary(op, store.constant(a), store.constant(b))), "\(hex(a)) \(op) \(hex(b))")
            }
        }
    }

    /// What the front end leaves unfolded: exactly C's undefined divisors and shift amounts.
    func testCLeavesDivisionByZeroAndLongShiftsUndefined() {
        for type in Self.types where type != .bool {
            let bits = UInt64(type.bits), minusOne = type.normalize(.max)
            for op in [BinaryOp.div, .rem] {
                XCTAssertTrue(CArithmetic.isUndefined(op, 0, type), "\(type) \(op) 0")
                XCTAssertTrue(CArithmetic.isUndefined(op, 1 << bits, type), "\(type) \(op) 0 after truncation")
                XCTAssertFalse(CArithmetic.isUndefined(op, minusOne, type), "\(type) \(op) -1")
            }
            for op in [BinaryOp.shl, .shr] {
                XCTAssertFalse(CArithmetic.isUndefined(op, bits - 1, type), "\(type) \(op) width-1")
                XCTAssertTrue(CArithmetic.isUndefined(op, bits, type), "\(type) \(op) width")
                XCTAssertTrue(CArithmetic.isUndefined(op, minusOne, type), "\(type) \(op) -1")
            }
            for op in Self.binaryOperators where ![.div, .rem, .shl, .shr].contains(op) {
                XCTAssertFalse(CArithmetic.isUndefined(op, 0, type), "\(type) \(op)")
            }
        }
    }

    /// `a op b` at `type` as the machine's `Values.binary` builds it.
    private func machineTerm(_ op: BinaryOp, _ a: TermID, _ b: TermID, _ type: IntType) -> TermID {
        store.binary(op, store.convert(a, to: type), store.convert(b, to: type), as: type)
    }

    private func check(_ expected: UInt64, native: UInt64?, encoded: UInt64?, folded: UInt64?, _ what: @autoclosure () -> String) {
        guard native != expected || encoded != expected || folded != expected else { return }
        mismatches.append("\(what()): CArithmetic \(hex(expected)), Z3 at width \(native.map(hex) ?? "none"), "
                          + "machine's term in Z3 \(encoded.map(hex) ?? "none"), folded term \(folded.map(hex) ?? "none")")
    }
}

private func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

/// Operands for a type: the edge values (0, ±1, the extremes, shift amounts around the width
/// and around 64) and values from a fixed-seed SplitMix64, as raw 64-bit patterns.
enum Operands {
    static func values(for type: IntType) -> [UInt64] {
        let bits = UInt64(type.bits), top = UInt64(1) << (bits - 1)
        let edges: [UInt64] = [0, 1, 2, .max, top, top &- 1, top | (top &- 1), bits - 1, bits, bits + 1, 63, 64, 65]
        var random = SplitMix64(seed: UInt64(type.bits) << 1 | (type.signed ? 1 : 0))
        return edges + (0..<12).map { _ in random.next() } + (0..<6).map { _ in random.next() % (2 * bits + 2) }
    }

    /// Every two edge values, and pairs drawn from all values.
    static func pairs(for type: IntType) -> [(UInt64, UInt64)] {
        let values = values(for: type), edges = values.prefix(13)
        var random = SplitMix64(seed: 0x5eed ^ UInt64(type.bits))
        let drawn = (0..<160).map { _ in
            (values[Int(random.next() % UInt64(values.count))], values[Int(random.next() % UInt64(values.count))])
        }
        return edges.flatMap { a in edges.map { b in (a, b) } } + drawn
    }
}

/// C's operations written directly as Z3 bit-vector terms at the type's own width, then
/// simplified: an oracle independent of the project's 64-bit encoding. `bool` operands are
/// promoted to `int` and results converted back (`!= 0`), as C does with `_Bool`.
final class NativeBitVectors {
    private let context: Z3_context

    init() {
        let config = Z3_mk_config()
        context = Z3_mk_context(config)
        Z3_del_config(config)
    }

    deinit { Z3_del_context(context) }

    func binary(_ op: BinaryOp, _ a: UInt64, _ b: UInt64, _ type: IntType) -> UInt64? {
        let work = Self.working(type)
        let x = convert(numeral(a, type), from: type, to: work), y = convert(numeral(b, type), from: type, to: work)
        let s = work.signed
        let result: Z3_ast? = switch op {
        case .add: Z3_mk_bvadd(context, x, y)
        case .sub: Z3_mk_bvsub(context, x, y)
        case .mul: Z3_mk_bvmul(context, x, y)
        case .div: s ? Z3_mk_bvsdiv(context, x, y) : Z3_mk_bvudiv(context, x, y)
        case .rem: s ? Z3_mk_bvsrem(context, x, y) : Z3_mk_bvurem(context, x, y)
        case .and: Z3_mk_bvand(context, x, y)
        case .or: Z3_mk_bvor(context, x, y)
        case .xor: Z3_mk_bvxor(context, x, y)
        case .shl: Z3_mk_bvshl(context, x, y)
        case .shr: s ? Z3_mk_bvashr(context, x, y) : Z3_mk_bvlshr(context, x, y)
        case .eq: Z3_mk_eq(context, x, y)
        case .ne: Z3_mk_not(context, Z3_mk_eq(context, x, y))
        case .lt: s ? Z3_mk_bvslt(context, x, y) : Z3_mk_bvult(context, x, y)
        case .le: s ? Z3_mk_bvsle(context, x, y) : Z3_mk_bvule(context, x, y)
        case .gt: s ? Z3_mk_bvsgt(context, x, y) : Z3_mk_bvugt(context, x, y)
        case .ge: s ? Z3_mk_bvsge(context, x, y) : Z3_mk_bvuge(context, x, y)
        }
        if [.eq, .ne, .lt, .le, .gt, .ge].contains(op) { return truth(result) }
        return value(convert(result, from: work, to: type), type)
    }

    /// `!a` is on the operand as its type holds it; `~` and `-` work on the promoted value.
    func unary(_ op: UnaryOp, _ a: UInt64, _ type: IntType) -> UInt64? {
        let work = Self.working(type), x = convert(numeral(a, type), from: type, to: work)
        switch op {
        case .logicalNot: return truth(Z3_mk_eq(context, x, numeral(0, work)))
        case .bitNot: return value(convert(Z3_mk_bvnot(context, x), from: work, to: type), type)
        case .negate: return value(convert(Z3_mk_bvneg(context, x), from: work, to: type), type)
        }
    }

    func convert(_ a: UInt64, from: IntType, to: IntType) -> UInt64? {
        value(convert(numeral(a, from), from: from, to: to), to)
    }

    private static func width(_ type: IntType) -> UInt32 { UInt32(type.bits) }
    private static func working(_ type: IntType) -> IntType { type == .bool ? .int : type }

    /// The low bits of `a` (its truth for bool) as a bit-vector of the type's width.
    private func numeral(_ a: UInt64, _ type: IntType) -> Z3_ast? {
        let bits = Self.width(type)
        let low = type == .bool ? (a != 0 ? 1 : 0) : bits == 64 ? a : a & ((1 << UInt64(bits)) - 1)
        return Z3_mk_unsigned_int64(context, low, Z3_mk_bv_sort(context, bits))
    }

    private func convert(_ x: Z3_ast?, from: IntType, to: IntType) -> Z3_ast? {
        let (wide, narrow) = (Self.width(from), Self.width(to))
        if to == .bool {
            let isZero = Z3_mk_eq(context, x, numeral(0, from))
            return Z3_mk_ite(context, isZero, numeral(0, .bool), numeral(1, .bool))
        }
        if narrow < wide { return Z3_mk_extract(context, narrow - 1, 0, x) }
        if narrow > wide { return from.signed ? Z3_mk_sign_ext(context, narrow - wide, x) : Z3_mk_zero_ext(context, narrow - wide, x) }
        return x
    }

    /// A simplified bit-vector of `type` as the 64-bit pattern the machine holds for it.
    private func value(_ x: Z3_ast?, _ type: IntType) -> UInt64? {
        var v: UInt64 = 0
        guard Z3_get_numeral_uint64(context, Z3_simplify(context, x), &v) else { return nil }
        let bits = Self.width(type)
        guard type.signed, bits < 64, v >> UInt64(bits - 1) & 1 == 1 else { return v }
        return v | ~((1 << UInt64(bits)) - 1)
    }

    private func truth(_ condition: Z3_ast?) -> UInt64? {
        switch Z3_get_bool_value(context, Z3_simplify(context, condition)) {
        case Z3_L_TRUE: 1
        case Z3_L_FALSE: 0
        default: nil
        }
    }
}
