import XCTest
@testable import KPSolver

final class FoldingTests: XCTestCase {
    let store = TermStore()

    private func fold(_ op: TermBinaryOp, _ a: UInt64, _ b: UInt64) -> UInt64? {
        store.constantValue(store.binary(op, store.constant(a), store.constant(b)))
    }

    func testConstantOperandsFold() {
        let minusSeven = UInt64(bitPattern: -7), intMin = UInt64(1) << 63
        XCTAssertEqual(fold(.add, .max, 2), 1)
        XCTAssertEqual(fold(.sub, 0, 1), .max)
        XCTAssertEqual(fold(.mul, 1 << 63, 2), 0)
        XCTAssertEqual(fold(.udiv, 7, 2), 3)
        XCTAssertEqual(fold(.sdiv, minusSeven, 2), UInt64(bitPattern: -3))
        XCTAssertEqual(fold(.sdiv, intMin, .max), intMin)
        XCTAssertEqual(fold(.urem, 7, 4), 3)
        XCTAssertEqual(fold(.srem, minusSeven, 2), .max)
        XCTAssertEqual(fold(.srem, 7, UInt64(bitPattern: -2)), 1)
        XCTAssertEqual(fold(.and, 0xf0f0, 0xff00), 0xf000)
        XCTAssertEqual(fold(.or, 0xf0, 0x0f), 0xff)
        XCTAssertEqual(fold(.xor, 0xff, 0x0f), 0xf0)
        XCTAssertEqual(fold(.shl, 0xf, 4), 0xf0)
        XCTAssertEqual(fold(.lshr, 0xf0, 4), 0xf)
        XCTAssertEqual(fold(.ashr, intMin, 4), 0xf800_0000_0000_0000)
        XCTAssertEqual(fold(.eq, 3, 3), 1)
        XCTAssertEqual(fold(.ne, 3, 3), 0)
        XCTAssertEqual(fold(.ult, 1, .max), 1)
        XCTAssertEqual(fold(.slt, 1, .max), 0)
        XCTAssertEqual(fold(.ule, 4, 4), 1)
        XCTAssertEqual(fold(.ugt, .max, 1), 1)
        XCTAssertEqual(fold(.sgt, .max, 1), 0)
        XCTAssertEqual(fold(.uge, 3, 4), 0)
        XCTAssertEqual(fold(.sle, intMin, 0), 1)
        XCTAssertEqual(fold(.sge, 0, intMin), 1)
    }

    func testDivisionByZeroAndLongShiftsFollowSMTLIB() {
        XCTAssertEqual(fold(.udiv, 5, 0), .max)
        XCTAssertEqual(fold(.urem, 5, 0), 5)
        XCTAssertEqual(fold(.sdiv, 5, 0), .max)
        XCTAssertEqual(fold(.sdiv, UInt64(bitPattern: -5), 0), 1)
        XCTAssertEqual(fold(.srem, UInt64(bitPattern: -5), 0), UInt64(bitPattern: -5))
        XCTAssertEqual(fold(.shl, 1, 64), 0)
        XCTAssertEqual(fold(.lshr, .max, 70), 0)
        XCTAssertEqual(fold(.ashr, 1 << 63, 64), .max)
        XCTAssertEqual(fold(.ashr, 1 << 62, 200), 0)
    }

    func testUnaryAndExtensionsFold() {
        let c = store.constant(0x1_8f)
        XCTAssertEqual(store.constantValue(store.unary(.bitNot, c)), ~0x18f)
        XCTAssertEqual(store.constantValue(store.unary(.negate, c)), 0 &- 0x18f)
        XCTAssertEqual(store.constantValue(store.unary(.logicalNot, c)), 0)
        XCTAssertEqual(store.constantValue(store.unary(.logicalNot, TermStore.falseTerm)), 1)
        XCTAssertEqual(store.constantValue(store.signExtend(c, fromBits: 8)), 0xffff_ffff_ffff_ff8f)
        XCTAssertEqual(store.constantValue(store.signExtend(c, fromBits: 9)), 0xffff_ffff_ffff_ff8f)
        XCTAssertEqual(store.constantValue(store.signExtend(c, fromBits: 10)), 0x18f)
        XCTAssertEqual(store.constantValue(store.zeroExtend(c, fromBits: 8)), 0x8f)
        XCTAssertEqual(store.constantValue(TermStore.trueTerm), 1)
        XCTAssertEqual(store.constantValue(TermStore.falseTerm), 0)
    }

    func testIdentities() {
        let x = store.symbol("x"), y = store.symbol("y"), zero = TermStore.falseTerm
        XCTAssertEqual(store.and(x, 0), zero)
        XCTAssertEqual(store.and(x, .max), x)
        XCTAssertEqual(store.or(x, 0), x)
        XCTAssertEqual(store.constantValue(store.or(x, .max)), .max)
        XCTAssertEqual(store.binary(.xor, x, zero), x)
        XCTAssertEqual(store.add(x, 0), x)
        XCTAssertEqual(store.binary(.sub, x, zero), x)
        XCTAssertEqual(store.binary(.mul, x, TermStore.trueTerm), x)
        XCTAssertEqual(store.binary(.mul, x, zero), zero)
        XCTAssertEqual(store.binary(.udiv, x, TermStore.trueTerm), x)
        XCTAssertEqual(store.binary(.urem, x, TermStore.trueTerm), zero)
        XCTAssertEqual(store.binary(.shl, x, zero), x)
        XCTAssertEqual(store.binary(.lshr, x, store.constant(64)), zero)
        XCTAssertEqual(store.binary(.eq, x, x), TermStore.trueTerm)
        XCTAssertEqual(store.binary(.ne, x, x), zero)
        XCTAssertEqual(store.binary(.ule, x, x), TermStore.trueTerm)
        XCTAssertEqual(store.binary(.slt, x, x), zero)
        XCTAssertEqual(store.binary(.sub, x, x), zero)
        XCTAssertEqual(store.binary(.xor, x, x), zero)
        XCTAssertEqual(store.binary(.and, x, x), x)
        XCTAssertEqual(store.unary(.bitNot, store.unary(.bitNot, x)), x)
        XCTAssertEqual(store.unary(.negate, store.unary(.negate, x)), x)
        XCTAssertEqual(store.binary(.xor, x, store.constant(.max)), store.unary(.bitNot, x))
        XCTAssertEqual(store.binary(.sub, zero, x), store.unary(.negate, x))
        XCTAssertEqual(store.ite(TermStore.trueTerm, x, y), x)
        XCTAssertEqual(store.ite(zero, x, y), y)
        XCTAssertEqual(store.ite(y, x, x), x)
        XCTAssertEqual(store.signExtend(x, fromBits: 64), x)
        XCTAssertEqual(store.zeroExtend(x, fromBits: 64), x)
    }

    func testConstantChainsCombine() {
        let x = store.symbol("x")
        XCTAssertEqual(store.add(store.add(x, 1), 2), store.add(x, 3))
        XCTAssertEqual(store.add(store.add(x, 1), .max), x)
        XCTAssertEqual(store.binary(.sub, x, store.constant(1)), store.add(x, .max))
        XCTAssertEqual(store.binary(.mul, store.binary(.mul, x, store.constant(3)), store.constant(5)),
                       store.binary(.mul, x, store.constant(15)))
        XCTAssertEqual(store.lshr(store.lshr(x, 4), 8), store.lshr(x, 12))
        XCTAssertEqual(store.lshr(store.lshr(x, 40), 30), TermStore.falseTerm)
        XCTAssertEqual(store.binary(.ashr, store.binary(.ashr, x, store.constant(40)), store.constant(40)),
                       store.binary(.ashr, x, store.constant(63)))
        XCTAssertEqual(store.eq(store.add(x, 1), 5), store.eq(x, 4))
    }

    func testCommutativeOperandsAreOrdered() {
        let x = store.symbol("x"), y = store.symbol("y"), three = store.constant(3)
        for op in [TermBinaryOp.add, .mul, .and, .or, .xor, .eq, .ne] {
            XCTAssertEqual(store.binary(op, x, y), store.binary(op, y, x), "\(op)")
            XCTAssertEqual(store.binary(op, three, y), store.binary(op, y, three), "\(op)")
        }
        XCTAssertEqual(store.render(store.binary(.add, three, y)), "y + 3")
        XCTAssertEqual(store.render(store.binary(.add, y, x)), "x + y")
    }

    func testComparisonsKeepOneDirectionAndNegate() {
        let x = store.symbol("x"), y = store.symbol("y")
        XCTAssertEqual(store.binary(.ugt, x, y), store.binary(.ult, y, x))
        XCTAssertEqual(store.binary(.uge, x, y), store.binary(.ule, y, x))
        XCTAssertEqual(store.binary(.sgt, x, y), store.binary(.slt, y, x))
        XCTAssertEqual(store.binary(.sge, x, y), store.binary(.sle, y, x))
        let less = store.binary(.ult, x, y)
        XCTAssertEqual(store.unary(.logicalNot, less), store.binary(.ule, y, x))
        XCTAssertEqual(store.unary(.logicalNot, store.unary(.logicalNot, less)), less)
        XCTAssertEqual(store.unary(.logicalNot, store.binary(.eq, x, y)), store.binary(.ne, x, y))
        XCTAssertEqual(store.binary(.ne, less, TermStore.falseTerm), less)
        XCTAssertEqual(store.binary(.eq, less, TermStore.trueTerm), less)
        XCTAssertEqual(store.eq(less, 2), TermStore.falseTerm)
        XCTAssertEqual(store.unary(.logicalNot, store.unary(.logicalNot, x)), store.binary(.ne, x, TermStore.falseTerm))
    }

    func testConditionsOfITEKeepOnePolarity() {
        let x = store.symbol("x"), y = store.symbol("y"), a = store.symbol("a"), b = store.symbol("b")
        XCTAssertEqual(store.ite(store.unary(.logicalNot, x), a, b), store.ite(x, b, a))
        XCTAssertEqual(store.ite(store.binary(.ne, x, TermStore.falseTerm), a, b), store.ite(x, a, b))
        XCTAssertEqual(store.ite(store.binary(.ne, x, y), a, b), store.ite(store.binary(.eq, x, y), b, a))
        XCTAssertEqual(store.ite(store.binary(.uge, x, y), a, b), store.ite(store.binary(.ult, x, y), b, a))
        XCTAssertEqual(store.ite(store.binary(.sle, x, y), a, b), store.ite(store.binary(.slt, y, x), b, a))
        let less = store.binary(.ult, x, y)
        XCTAssertEqual(store.ite(less, TermStore.trueTerm, TermStore.falseTerm), less)
        XCTAssertEqual(store.ite(less, TermStore.falseTerm, TermStore.trueTerm), store.binary(.ule, y, x))
    }

    func testKnownBitsDecideComparisons() {
        let x = store.symbol("x")
        XCTAssertEqual(store.binary(.ult, store.and(x, 0xff), store.constant(0x100)), TermStore.trueTerm)
        XCTAssertEqual(store.binary(.ult, store.or(x, 0x100), store.constant(0x100)), TermStore.falseTerm)
        XCTAssertEqual(store.binary(.ult, x, TermStore.falseTerm), TermStore.falseTerm)
        XCTAssertEqual(store.eq(store.and(x, 0xf), 0x10), TermStore.falseTerm)
        XCTAssertEqual(store.binary(.ne, store.or(x, 1), TermStore.falseTerm), TermStore.trueTerm)
        XCTAssertEqual(store.lshr(store.and(x, 0xff), 8), TermStore.falseTerm)
    }

    func testSignExtensionUsesKnownSignBit() {
        let x = store.symbol("x")
        XCTAssertEqual(store.signExtend(store.and(x, 0x7f), fromBits: 8), store.and(x, 0x7f))
        XCTAssertEqual(store.signExtend(store.or(x, 0x80), fromBits: 8), store.or(x, ~0x7f))
        XCTAssertEqual(store.signExtend(store.and(x, 0xffff_ffff), fromBits: 32), store.signExtend(x, fromBits: 32))
        XCTAssertNotEqual(store.signExtend(store.and(x, 0xffff), fromBits: 32), store.signExtend(x, fromBits: 32))
    }
}
