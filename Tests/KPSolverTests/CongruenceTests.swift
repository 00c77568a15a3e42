import KPTestSupport
import XCTest
@testable import KPSolver

/// The congruence closure (`Congruence`) refutes the unsatisfiable questions the
/// machine's path conditions give without Z3, each of its steps is needed for one, and
/// it never refutes what Z3 satisfies.
final class CongruenceTests: XCTestCase {
    let store = TermStore()

    /// A kpkeys POR_EL1 value of task `t` as the machine builds it: the other users' fields
    /// of the task's symbol, with the kernel's own field set.
    private func por(_ t: Int) -> TermID { store.binary(.or, field(t), store.constant(0x17)) }
    private func field(_ t: Int) -> TermID { store.and(store.symbol("por\(t)"), 0xffff_ff00) }
    private func equal(_ a: TermID, _ b: TermID) -> TermID { store.binary(.eq, a, b) }
    private func differ(_ a: TermID, _ b: TermID) -> TermID { store.binary(.ne, a, b) }
    private func all(_ terms: TermID...) -> TermID { terms.dropFirst().reduce(terms[0]) { store.binary(.and, $0, $1) } }

    /// Asks `condition` under `path` of a solver with the shortcuts and of one that sends
    /// everything to Z3: the same answer, and whether it came without Z3 by the closure.
    private func refuted(_ condition: TermID, assuming path: TermID, file: StaticString = #filePath,
                         line: UInt = #line) -> Bool {
        let solver = Solver(terms: store), plain = Solver(terms: store)
        plain.usesShortcuts = false
        let answer = solver.isSatisfiable(condition, assuming: path)
        XCTAssertEqual(answer, plain.isSatisfiable(condition, assuming: path), store.render(condition), file: file, line: line)
        return answer == .no && solver.z3Calls == 0 && solver.contradictions == 1
    }

    /// Questions a search of kpkeys-v8 on vmalloc-2x2 asked, which went to Z3 before.
    func testPathConditionsOfPOREL1FieldsAreRefuted() {
        // Equal constants by congruence: the fields of 0 and 1 are both 0, so their POR_EL1
        // values are equal, and the third equality breaks the first difference.
        XCTAssertTrue(refuted(equal(por(1), por(2)),
                              assuming: all(differ(por(1), por(3)), store.eq(field(0), 0), store.eq(field(1), 0),
                                            differ(por(0), por(2)))))
        // Downwards through `| 0x17`: por2's field must be 0, which the path excludes.
        XCTAssertTrue(refuted(equal(por(1), por(2)),
                              assuming: all(store.eq(field(1), 0), differ(field(2), store.constant(0)))))
        // Injectivity of `| 0x17` on fields whose low bits are zero.
        XCTAssertTrue(refuted(all(equal(por(0), por(2)), equal(por(0), por(1))), assuming: differ(field(0), field(1))))
        // Not refuted, because satisfiable: another field may differ.
        XCTAssertFalse(refuted(equal(por(0), por(1)), assuming: all(differ(por(0), por(2)), store.eq(field(0), 0))))
    }

    /// One question per step of the closure, each needing that step alone.
    func testEachStepRefutesAQuestion() {
        let x = store.symbol("x"), y = store.symbol("y"), z = store.symbol("z")
        // Congruence: x == y makes x << z and y << z equal.
        XCTAssertTrue(refuted(differ(store.binary(.shl, x, z), store.binary(.shl, y, z)), assuming: equal(x, y)))
        // Folding: x == 3 and y == 4 make x + y 7.
        XCTAssertTrue(refuted(store.eq(store.binary(.add, x, y), 8), assuming: all(store.eq(x, 3), store.eq(y, 4))))
        // Downwards through xor, add and subtraction, to a constant the path excludes.
        XCTAssertTrue(refuted(store.eq(store.binary(.xor, x, store.constant(5)), 6), assuming: differ(x, store.constant(3))))
        XCTAssertTrue(refuted(store.eq(store.binary(.add, x, store.constant(5)), 6), assuming: differ(x, store.constant(1))))
        XCTAssertTrue(refuted(store.eq(store.binary(.sub, store.constant(5), x), 6),
                              assuming: differ(x, store.constant(UInt64.max))))
        XCTAssertTrue(refuted(store.eq(store.unary(.bitNot, x), 0), assuming: differ(x, store.constant(UInt64.max))))
        // Injectivity: x + z == y + z and ~x == ~y need x == y.
        XCTAssertTrue(refuted(equal(store.binary(.add, x, z), store.binary(.add, y, z)), assuming: differ(x, y)))
        XCTAssertTrue(refuted(equal(store.unary(.bitNot, x), store.unary(.bitNot, y)), assuming: differ(x, y)))
        // Known bits: a masked value cannot equal a constant outside the mask.
        XCTAssertTrue(refuted(equal(store.and(x, 0xf0), y), assuming: store.eq(y, 0x0f)))
        // A choice on a decided condition, and a comparison of a class with itself.
        XCTAssertTrue(refuted(store.eq(store.ite(store.binary(.eq, x, y), z, store.constant(1)), 2),
                              assuming: all(equal(x, y), store.eq(z, 3))))
        XCTAssertTrue(refuted(store.binary(.ult, x, y), assuming: equal(x, y)))
        // Or is injective only where the constant's bits are known zero: x | 1 == y | 1
        // holds for x = 0, y = 1, and must not be refuted.
        XCTAssertFalse(refuted(equal(store.binary(.or, x, store.constant(1)), store.binary(.or, y, store.constant(1))),
                               assuming: differ(x, y)))
        // Nor is x | 1 == 1 downwards, unless the bit is known zero in x: x = 1 satisfies it.
        // (Through y: the store rewrites x | 1 == 1 itself.)
        XCTAssertFalse(refuted(equal(store.or(x, 1), y), assuming: all(store.eq(y, 1), differ(x, store.constant(0)))))
        XCTAssertTrue(refuted(equal(store.or(store.and(x, 0xf0), 1), y),
                              assuming: all(store.eq(y, 1), differ(store.and(x, 0xf0), store.constant(0)))))
        // Multiplication is not injective: x * 2 == y * 2 with x != y (x = 0, y = 2^63).
        XCTAssertFalse(refuted(equal(store.binary(.mul, x, store.constant(2)), store.binary(.mul, y, store.constant(2))),
                               assuming: differ(x, y)))
    }

    /// Random conjunctions of equalities and differences over a few symbols and the
    /// operations the closure reasons about: whatever it refutes, Z3 shows unsatisfiable,
    /// and it refutes a good share of what Z3 shows unsatisfiable.
    func testRefutesOnlyWhatZ3Refutes() {
        var rng = SplitMix64(seed: 0x636f_6e67)
        let symbols = ["a", "b", "c"].map(store.symbol)
        let constants: [UInt64] = [0, 1, 0x17, 0xff, 0xffff_ff00, .max]
        func term(_ depth: Int) -> TermID {
            if depth == 0 || rng.below(3) == 0 {
                return rng.below(3) != 0 ? symbols[rng.below(3)] : store.constant(constants[rng.below(constants.count)])
            }
            switch rng.below(8) {
            case 0: return store.unary(.bitNot, term(depth - 1))
            case 1: return store.ite(term(depth - 1), term(depth - 1), term(depth - 1))
            case 2: return store.and(term(depth - 1), constants[rng.below(constants.count)])
            default:
                let ops: [TermBinaryOp] = [.or, .xor, .add, .sub, .and, .eq, .ult]
                return store.binary(ops[rng.below(ops.count)], term(depth - 1), term(depth - 1))
            }
        }
        let plain = Solver(terms: store)
        plain.usesShortcuts = false
        var refutations = 0, unsatisfiable = 0
        for _ in 0..<400 {
            let literals: [Congruence.Literal] = (0..<(2 + rng.below(4))).map { _ in
                rng.below(4) == 0 ? .nonZero(term(2), rng.below(2) == 0) : .equality(term(2), term(2), rng.below(3) != 0)
            }
            let conjunction = literals.map { literal -> TermID in
                switch literal {
                case .nonZero(let t, let holds): holds ? differ(t, store.constant(0)) : equal(t, store.constant(0))
                case .equality(let a, let b, let holds): holds ? equal(a, b) : differ(a, b)
                }
            }.reduce(TermStore.trueTerm) { store.binary(.and, $0, $1) }
            let z3 = plain.isSatisfiable(conjunction)
            let refutes = Congruence.refutes(literals, in: store)
            if refutes {
                refutations += 1
                XCTAssertEqual(z3, .no, store.render(conjunction))
            }
            if z3 == .no { unsatisfiable += 1 }
        }
        XCTAssertGreaterThan(unsatisfiable, 60, "too few unsatisfiable conjunctions: the test compares little")
        XCTAssertGreaterThan(refutations, unsatisfiable / 3, "the closure refuted \(refutations) of \(unsatisfiable)")
    }
}
