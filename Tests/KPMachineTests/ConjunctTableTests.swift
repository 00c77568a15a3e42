@testable import KPMachine
import XCTest

/// Each path condition's conjuncts, kept in one flat array (see `ConjunctTable`).
final class ConjunctTableTests: XCTestCase {
    func testConditionsKeepTheirConjunctsInOrder() {
        var table = ConjunctTable()
        XCTAssertNil(table[7])
        table.record([3, 5, 9], of: 7)
        table.record([], of: 8)
        table.record([4], of: 2)
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(table[7].map(Array.init), [3, 5, 9])
        XCTAssertEqual(table[8].map(Array.init), [])
        XCTAssertEqual(table[2].map(Array.init), [4])
        XCTAssertNil(table[3], "a conjunct is not a condition")
        // Enumerated from 0 and mapped as any collection, as `relevantCondition` does.
        XCTAssertEqual(table[7]!.enumerated().map { $0.offset }, [0, 1, 2])
    }

    func testRecordingAgainReplacesAConditionsConjuncts() {
        var table = ConjunctTable()
        table.record([1, 2], of: 10)
        table.record([6], of: 11)
        table.record([1, 2, 3], of: 10)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table[10].map(Array.init), [1, 2, 3])
        XCTAssertEqual(table[11].map(Array.init), [6])
    }

    /// A replica's table (`Machine.synchronize`) and the original go their own ways, and
    /// a take makes the replica's the original's again: what the replica recorded is gone.
    func testAReplicaGoesItsOwnWayUntilItTakesTheOriginalsAgain() {
        var original = ConjunctTable()
        original.record([1, 2], of: 10)
        original.startJournal()
        var copy = ConjunctTable()
        copy.take(original)
        copy.record([5], of: 12)
        copy.record([9, 9], of: 10)
        original.record([7, 8], of: 13)
        XCTAssertEqual(copy.count, 2)
        XCTAssertNil(copy[13])
        XCTAssertNil(original[12])
        XCTAssertEqual(copy[10].map(Array.init), [9, 9])
        XCTAssertEqual(original[13].map(Array.init), [7, 8])
        copy.take(original)
        XCTAssertEqual(copy.count, 2)
        XCTAssertNil(copy[12])
        XCTAssertEqual(copy[10].map(Array.init), [1, 2])
        XCTAssertEqual(copy[13].map(Array.init), [7, 8])
    }
}
