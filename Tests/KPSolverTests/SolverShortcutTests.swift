import KPTestSupport
import XCTest
@testable import KPSolver

/// A satisfiable question that an earlier answer's assignment satisfies, and one that
/// holds contradicting literals, are answered without Z3 (`Solver.usesShortcuts`):
/// the answer must be Z3's, the obligation recorded all the same.
final class SolverShortcutTests: XCTestCase {
    let store = TermStore()

    func testAnEarlierModelAnswersWithoutZ3() {
        let solver = Solver(terms: store)
        let x = store.symbol("x"), y = store.symbol("y"), z = store.symbol("z")
        // A sum the closure's guess (distinct values for x and y) does not make 0x12345678.
        let sum = store.binary(.add, x, y)
        XCTAssertEqual(solver.isSatisfiable(store.eq(sum, 0x1234_5678)), .yes)
        XCTAssertEqual(solver.z3Calls, 1, "neither all zeros nor the guess satisfies x + y == 0x12345678")
        XCTAssertEqual(solver.isSatisfiable(store.eq(store.and(sum, 0xff), 0x78)), .yes)
        XCTAssertEqual(solver.isValid(store.binary(.ne, sum, store.constant(0x1234_5678))), .no)
        XCTAssertEqual(solver.witnessHits, 2, "Z3's model, x + y = 0x12345678, satisfies both")
        XCTAssertEqual(solver.isSatisfiable(store.eq(z, 0), assuming: store.eq(sum, 0x1234_5678)), .yes)
        XCTAssertEqual(solver.witnessHits, 3, "z is 0 in the model, which does not name it")
        XCTAssertEqual(solver.isSatisfiable(store.binary(.ult, x, store.constant(5)), assuming: store.binary(.ugt, x, store.constant(6))), .no)
        XCTAssertEqual(solver.z3Calls, 2, "only Z3 shows this question unsatisfiable")
        XCTAssertEqual(solver.queryCount, 5, "every question is an obligation, however it was answered")
        XCTAssertEqual(solver.obligations.map(\.expectedZ3Answer), ["sat", "sat", "sat", "sat", "unsat"])
    }

    /// The closure's guess (`Congruence.guess`) satisfies equalities and differences of
    /// masked symbols with no model from Z3: the POR_EL1 fields of the machine's questions.
    func testTheClosureGuessesAssignmentsOfFields() {
        let solver = Solver(terms: store), plain = Solver(terms: store)
        plain.usesShortcuts = false
        func field(_ t: Int) -> TermID { store.or(store.and(store.symbol("por\(t)"), 0xffff_ff00), 0x17) }
        let questions: [(TermID, TermID?)] = [
            (store.binary(.ne, field(0), field(2)), nil),
            (store.binary(.eq, field(0), field(1)), store.binary(.ne, field(0), field(2))),
            (store.binary(.ne, field(1), field(3)), store.binary(.and, store.binary(.eq, field(0), field(1)),
                                                                  store.eq(store.and(store.symbol("por0"), 0xffff_ff00), 0))),
        ]
        for (condition, path) in questions {
            XCTAssertEqual(solver.isSatisfiable(condition, assuming: path), .yes, store.render(condition))
            XCTAssertEqual(plain.isSatisfiable(condition, assuming: path), .yes, store.render(condition))
        }
        XCTAssertEqual(solver.z3Calls, 0)
        XCTAssertEqual(solver.witnessHits, 3)
        XCTAssertEqual(solver.obligations.map(\.smtlib), plain.obligations.map(\.smtlib))
    }

    func testALiteralAndItsNegationNeedNoZ3() {
        let solver = Solver(terms: store)
        let x = store.symbol("x"), y = store.symbol("y")
        let fields = store.binary(.eq, store.and(x, 0xff00), store.and(y, 0xff00))
        let path = store.binary(.and, store.binary(.ne, store.and(x, 0xff00), store.and(y, 0xff00)),
                                store.binary(.ult, x, y))
        XCTAssertEqual(solver.isSatisfiable(fields, assuming: path), .no)
        XCTAssertEqual(solver.isValid(store.binary(.ult, x, y), assuming: path), .yes)
        XCTAssertEqual(solver.contradictions, 2)
        XCTAssertEqual(solver.z3Calls, 0)
        // Only a literal and its own negation: x >= y against x < y is Z3's to show.
        XCTAssertEqual(solver.isSatisfiable(store.binary(.uge, x, y), assuming: path), .no)
        XCTAssertEqual(solver.contradictions, 2)
        XCTAssertEqual(solver.z3Calls, 1)
        XCTAssertEqual(solver.obligations.map(\.expectedZ3Answer), ["unsat", "unsat", "unsat"])
    }

    func testEqualitiesAreTransitive() {
        let solver = Solver(terms: store)
        let a = store.symbol("a"), b = store.symbol("b"), c = store.symbol("c")
        let bEqualsC = store.binary(.eq, b, c)
        XCTAssertEqual(solver.isSatisfiable(store.binary(.eq, a, b),
                                            assuming: store.binary(.and, store.binary(.ne, a, c), bEqualsC)), .no)
        XCTAssertEqual(solver.isSatisfiable(store.eq(a, 5), assuming: store.binary(.and, store.binary(.eq, a, b),
                                                                                  store.eq(b, 6))), .no)
        XCTAssertEqual(solver.contradictions, 2)
        XCTAssertEqual(solver.z3Calls, 0)
        // Two terms that both differ from a third may be equal.
        XCTAssertEqual(solver.isSatisfiable(store.binary(.eq, a, b), assuming: store.binary(
            .and, store.binary(.ne, a, c), store.binary(.ne, b, c))), .yes)
        XCTAssertEqual(solver.contradictions, 2)
        XCTAssertEqual(solver.obligations.map(\.expectedZ3Answer), ["unsat", "unsat", "sat"])
    }

    /// Random questions over three symbols, asked of a solver that uses witnesses and one
    /// that sends everything to Z3: the same answers and obligations, and most satisfiable
    /// questions answered by a witness.
    func testWitnessesGiveZ3sAnswers() {
        var rng = SplitMix64(seed: 0x6b70_6368)
        let symbols = ["a", "b", "c"].map(store.symbol)
        let constants: [UInt64] = [0, 1, 0x17, 0xf0, 0xffff_ff00, 0x8000_0000_0000_0000, .max]
        func term(_ depth: Int) -> TermID {
            if depth == 0 || rng.next() % 4 == 0 {
                return rng.next() % 2 == 0 ? symbols[Int(rng.next() % 3)] : store.constant(constants[Int(rng.next() % 7)])
            }
            let ops: [TermBinaryOp] = [.and, .or, .xor, .add, .sub, .lshr, .eq, .ne, .ult, .sle]
            switch rng.next() % 5 {
            case 0: return store.unary(.bitNot, term(depth - 1))
            case 1: return store.ite(term(depth - 1), term(depth - 1), term(depth - 1))
            default:
                let op = ops[Int(rng.next() % UInt64(ops.count))]
                return store.binary(op, term(depth - 1), op == .lshr ? store.constant(rng.next() % 64) : term(depth - 1))
            }
        }
        let witnessing = Solver(terms: store), plain = Solver(terms: store)
        plain.usesShortcuts = false
        for _ in 0..<300 {
            let condition = term(3), assumption = rng.next() % 2 == 0 ? nil : store.binary(.ne, term(2), store.constant(0))
            if rng.next() % 2 == 0 {
                XCTAssertEqual(witnessing.isSatisfiable(condition, assuming: assumption),
                               plain.isSatisfiable(condition, assuming: assumption), store.render(condition))
            } else {
                XCTAssertEqual(witnessing.isValid(condition, assuming: assumption),
                               plain.isValid(condition, assuming: assumption), store.render(condition))
            }
        }
        XCTAssertEqual(witnessing.obligations.map(\.smtlib), plain.obligations.map(\.smtlib))
        XCTAssertEqual(plain.witnessHits + plain.contradictions, 0)
        XCTAssertEqual(plain.z3Calls, plain.queryCount)
        XCTAssertGreaterThan(plain.queryCount, 100)
        XCTAssertGreaterThan(witnessing.witnessHits, plain.queryCount / 4)
        XCTAssertEqual(witnessing.witnessHits + witnessing.contradictions + witnessing.z3Calls, witnessing.queryCount)
    }
}

