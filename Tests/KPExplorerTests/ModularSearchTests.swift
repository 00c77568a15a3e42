import KPExplorer
import XCTest

/// A producer and a consumer that share nothing but a pool. The producer's view is
/// `[0, n, 0]`: it counts to `count`, releasing an item `[n]` at each step. The consumer's
/// view is `[1, v]`: empty-handed (`v == 0`) it looks for an item; offered `[n]` it
/// takes it, and `v` becomes `n + 1`. Taking the item `[bad]` is a finding.
private struct Relay: ModularSystem {
    struct Taken: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { false }
    }
    var count: UInt32
    var bad: UInt32

    func initialViews() -> (views: [PackedState], items: [PackedState]) { ([[0, 0, 0], [1, 0, 0]], []) }

    func steps(of view: PackedState, into steps: inout [ViewStep<Taken>]) -> Bool {
        if view[0] == 0 {
            if view[1] < count { steps.append(ViewStep(view: [0, view[1] + 1, 0], findings: [], released: [[view[1]]])) }
            return false
        }
        // An offered item sits in the third word until the consumer takes it.
        if view[1] == 0, view[2] != 0 {
            let n = view[2] - 1
            steps.append(ViewStep(view: [1, n + 1, 0], findings: n == bad ? [Taken()] : [], released: []))
        }
        return view[1] == 0
    }

    func channels(ofTaker view: PackedState) -> [Int] { [0] }
    func channel(ofItem item: PackedState) -> Int { 0 }

    func offering(_ item: PackedState, to view: PackedState) -> PackedState? {
        view[0] == 1 ? [1, view[1], item[0] + 1] : nil
    }
}

final class ModularSearchTests: XCTestCase {
    /// The consumer looks before any item exists; the items released later are offered
    /// to it when they arrive, each once.
    func testItemsReleasedLaterReachTakersThatLookedEarlier() throws {
        let result = try ModularSearch(system: Relay(count: 4, bad: 3)).run()
        XCTAssertEqual(result.outcome, .complete)
        // Producer [0,0,0]...[0,4,0]; consumer [1,0,0] and [1,1,0]...[1,4,0].
        XCTAssertEqual(result.views, 10)
        XCTAssertEqual(result.items, 4)
        XCTAssertEqual(result.takers, 1)
        XCTAssertEqual(result.offers, 4)
        XCTAssertNotNil(result.findings[0])
    }

    func testNothingIsFoundWhenNoProcessReleasesTheBadItem() throws {
        let result = try ModularSearch(system: Relay(count: 3, bad: 3)).run()
        XCTAssertEqual(result.outcome, .complete)
        XCTAssertEqual(result.views, 8)
        XCTAssertNil(result.findings[0])
    }

    /// Views and items stored whole: the same views, items, offers and findings, and no
    /// collision probability.
    func testExactStorageFindsTheSame() throws {
        var search = ModularSearch(system: Relay(count: 6, bad: 4))
        let hashed = try search.run()
        search.exactStates = true
        let exact = try search.run()
        XCTAssertEqual([exact.views, exact.items, exact.takers, exact.offers, exact.transitions],
                       [hashed.views, hashed.items, hashed.takers, hashed.offers, hashed.transitions])
        XCTAssertEqual(exact.views, 14)
        XCTAssertNotNil(exact.findings[0])
        XCTAssertEqual(exact.storage, StateStorage(exact: true, collisionProbability: 0))
        // Views and items are two sets: the union bound of both.
        XCTAssertEqual(hashed.storage.collisionProbability,
                       Fingerprint.collisionProbability(states: 14) + Fingerprint.collisionProbability(states: 6),
                       accuracy: 1e-30)
        XCTAssertFalse(hashed.storage.exact)
    }

    func testABoundOnViewsAndItemsMakesTheSearchIncomplete() throws {
        let result = try ModularSearch(system: Relay(count: 4, bad: 9), limits: SearchLimits(maxStates: 5)).run()
        guard case .boundHit = result.outcome else { return XCTFail("expected the bound to be hit, got \(result.outcome)") }
    }
}
