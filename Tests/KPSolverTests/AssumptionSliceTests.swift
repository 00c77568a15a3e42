import KPTestSupport
import XCTest
@testable import KPSolver

/// Slicing an assumption (`Solver.slice`) keeps the conjuncts that share a symbol with
/// the condition, directly or through other kept ones. It reads each term's symbol set
/// (`TermStore.symbolSet`) while the symbols are among the first 63, and their names
/// past that: both must keep exactly what the definition keeps.
final class AssumptionSliceTests: XCTestCase {
    /// The definition, by names: a fixed point over the conjuncts.
    private func expected(_ parts: [TermID], _ condition: TermID, _ store: TermStore) -> Set<TermID> {
        var relevant = Set(store.symbols(in: condition)), kept = Set<TermID>()
        var changed = true
        while changed {
            changed = false
            for p in parts where !kept.contains(p) && !Set(store.symbols(in: p)).isDisjoint(with: relevant) {
                kept.insert(p)
                relevant.formUnion(store.symbols(in: p))
                changed = true
            }
        }
        return kept
    }

    /// The conjuncts of a sliced assumption (built as a chain of `and`s of 0/1 terms).
    private func conjuncts(_ t: TermID?, _ store: TermStore) -> Set<TermID> {
        guard let t else { return [] }
        let n = store.node(t)
        if n.isBinary(.and), store.knownBits(n.a).isBoolean, store.knownBits(n.b).isBoolean {
            return conjuncts(n.a, store).union(conjuncts(n.b, store))
        }
        return [t]
    }

    func testSlicesKeepWhatSharesSymbolsWithTheCondition() {
        for symbolCount in [6, 40, 90] {
            let store = TermStore(), solver = Solver(terms: store)
            let symbols = (0..<symbolCount).map { store.symbol("s\($0)") }
            var random = SplitMix64(seed: UInt64(symbolCount))
            func pick() -> TermID { symbols[Int(random.next() % UInt64(symbolCount))] }
            // A 0/1 term of one or two symbols.
            func literal() -> TermID {
                random.next() % 2 == 0 ? store.binary(.eq, pick(), store.constant(random.next() % 4))
                    : store.binary(.ult, store.binary(.add, pick(), pick()), store.constant(100))
            }
            var manyHit = 0, sliced = 0
            for _ in 0..<300 {
                let parts = (0..<(2 + Int(random.next() % 6))).map { _ in literal() }
                let assumption = parts.dropFirst().reduce(parts[0]) { store.binary(.and, $0, $1) }
                let condition = literal()
                if store.symbolSet(assumption) & TermStore.manySymbols != 0 { manyHit += 1 }
                let kept = conjuncts(solver.slice(assumption, for: condition), store)
                XCTAssertEqual(kept, expected(parts, condition, store), "\(symbolCount) symbols")
                if kept.count < Set(parts).count { sliced += 1 }
            }
            XCTAssertGreaterThan(sliced, 30, "the sample must drop conjuncts")
            if symbolCount > 63 { XCTAssertGreaterThan(manyHit, 100, "symbols past the 63rd must be read by name") }
            else { XCTAssertEqual(manyHit, 0) }
        }
    }

    func testSymbolSetsFollowTheTerms() {
        let store = TermStore()
        let a = store.symbol("a"), b = store.symbol("b")
        for i in 0..<70 { _ = store.symbol("pad\(i)") }
        let late = store.symbol("late")
        XCTAssertEqual(store.symbolSet(a), 1)
        XCTAssertEqual(store.symbolSet(store.binary(.add, a, b)), 3)
        XCTAssertEqual(store.symbolSet(store.ite(a, store.constant(3), b)), 3)
        XCTAssertEqual(store.symbolSet(store.constant(7)), 0)
        XCTAssertEqual(store.symbolSet(store.binary(.sub, a, a)), 0, "a - a folds to 0")
        XCTAssertEqual(store.symbolSet(store.binary(.xor, late, b)), TermStore.manySymbols | 2)
        let copy = TermStore()
        copy.replaceContents(with: store)
        XCTAssertEqual(copy.symbolSet(store.binary(.xor, late, b)), TermStore.manySymbols | 2)
    }
}
