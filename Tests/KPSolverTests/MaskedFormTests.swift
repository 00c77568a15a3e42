import XCTest
import KPSolver

/// `&` and `|` with constants over one term normalise to `(x & m) | c`.
final class MaskedFormTests: XCTestCase {
    let store = TermStore()
    lazy var s = store.symbol("s")
    /// POR_EL1 with pkeys 0 and 1 fixed and the other fields symbolic.
    lazy var por = store.or(store.and(s, 0xffff_ff00), 0x17)

    func testNestedMasksNormalise() {
        let built = store.or(store.and(store.or(store.and(store.or(store.and(s, 0xffff_ff00), 0x17), ~0xf), 0x7), ~0xf0), 0x50)
        XCTAssertEqual(built, store.or(store.and(s, 0xffff_ff00), 0x57))
        XCTAssertEqual(store.or(store.and(store.or(store.and(s, 0xffff_ff00), 0x57), ~0xf0), 0x10), por)
    }

    func testMasksAndBitsMerge() {
        XCTAssertEqual(store.and(store.and(s, 0xff0), 0x0ff), store.and(s, 0x0f0))
        XCTAssertEqual(store.or(store.or(s, 0x10), 0x01), store.or(s, 0x11))
        XCTAssertEqual(store.and(store.or(s, 0xf), ~0xf), store.and(s, ~0xf))
        XCTAssertEqual(store.or(store.and(s, ~0xf), 0xf), store.or(s, 0xf))
        XCTAssertEqual(store.and(store.or(s, 0xf0), 0xf0), store.constant(0xf0))
        XCTAssertEqual(store.render(por), "(s & 0xffffff00) | 0x17")
        XCTAssertEqual(store.render(store.or(s, 0x17)), "s | 0x17")
    }

    func testComplementOfMaskedValue() {
        XCTAssertEqual(store.unary(.bitNot, store.unary(.bitNot, por)), por)
        let complement = store.or(store.and(store.unary(.bitNot, s), 0xffff_ff00), 0xffff_ffff_0000_00e8)
        XCTAssertEqual(store.unary(.bitNot, por), complement)
    }

    func testFieldsInTheConstantPartFold() {
        XCTAssertEqual(store.constantValue(store.perms(por, pkey: 0)), 0x7)
        XCTAssertEqual(store.constantValue(store.perms(por, pkey: 1)), 0x1)
        XCTAssertEqual(store.perms(por, pkey: 2), store.and(store.lshr(s, 8), 0xf))
        let writeOfPkey1 = store.eq(store.and(store.lshr(por, 4), 0xc), 0x4)
        XCTAssertEqual(writeOfPkey1, TermStore.falseTerm)
    }

    func testSetPkeyPermsOverwritesAField() {
        XCTAssertEqual(store.setPkeyPerms(por, pkey: 1, perms: 0x4), store.or(store.and(s, 0xffff_ff00), 0x47))
        XCTAssertEqual(store.setPkeyPerms(store.setPkeyPerms(por, pkey: 1, perms: 0x4), pkey: 1, perms: 0x1), por)
        let granted = store.setPkeyPerms(por, pkey: 3, perms: 0x7)
        XCTAssertEqual(store.constantValue(store.perms(granted, pkey: 3)), 0x7)
        XCTAssertEqual(store.perms(granted, pkey: 2), store.perms(por, pkey: 2))
        XCTAssertEqual(store.render(granted), "(s & 0xffff0f00) | 0x7017")
    }

    func testComparingAMaskedValueWithAConstant() {
        XCTAssertEqual(store.eq(por, 0x16), TermStore.falseTerm)
        XCTAssertEqual(store.binary(.ne, por, store.constant(0x1234_5618)), TermStore.trueTerm)
        XCTAssertEqual(store.eq(por, 0x1234_5617), store.eq(store.and(s, 0xffff_ff00), 0x1234_5600))
        XCTAssertEqual(store.eq(store.or(s, 0x1), 0x11), store.eq(store.and(s, ~0x1), 0x10))
    }

    func testShiftsMoveMaskAndBits() {
        XCTAssertEqual(store.binary(.shl, por, store.constant(8)),
                       store.or(store.and(store.binary(.shl, s, store.constant(8)), 0xff_ffff_0000), 0x1700))
        XCTAssertEqual(store.lshr(por, 4), store.or(store.and(store.lshr(s, 4), 0x0fff_fff0), 0x1))
    }

    /// Random chains of `& k` and `| k` land on the term built directly from the (m, c) they compute.
    func testRandomMaskChainsAreCanonical() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var (term, mask, bits) = (s, UInt64.max, UInt64(0))
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let k = randomMask(&generator)
                if Bool.random(using: &generator) {
                    term = store.and(term, k)
                    (mask, bits) = (mask & k, bits & k)
                } else {
                    term = store.or(term, k)
                    (mask, bits) = (mask & ~k, bits | k)
                }
            }
            XCTAssertEqual(term, store.or(store.and(s, mask), bits))
        }
    }

    private func randomMask(_ generator: inout SystemRandomNumberGenerator) -> UInt64 {
        let field = UInt64(0xf) << (4 * UInt64.random(in: 0..<16, using: &generator))
        return [field, ~field, UInt64.random(in: 0...0xff, using: &generator), .random(in: 0 ... .max, using: &generator)]
            .randomElement(using: &generator)!
    }
}
