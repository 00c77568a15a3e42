@testable import KPMachine
import XCTest

/// The set partitions behind the modular search's case split, and the cases a symmetry
/// leaves out.
final class ForeignPkeyCasesTests: XCTestCase {
    func testSetPartitionsAreCountedByTheBellNumbers() {
        XCTAssertEqual((0...6).map { ForeignPkeyCases.setPartitions(of: $0).count }, [1, 1, 2, 5, 15, 52, 203])
        let five = ForeignPkeyCases.setPartitions(of: 5)
        XCTAssertEqual(Set(five).count, five.count)
        // Restricted growth strings: each element's block at most one above all before it.
        for p in five {
            XCTAssertEqual(p.first, 0)
            for i in 1..<p.count { XCTAssertLessThanOrEqual(p[i], p[..<i].max()! + 1) }
        }
    }

    func testPermutingRenumbersTheBlocks() {
        // {0,1}{2} with elements 0 and 2 swapped is {0}{1,2}.
        XCTAssertEqual(ForeignPkeyCases.permuted([0, 0, 1], by: [2, 1, 0]), [0, 1, 1])
        XCTAssertEqual(ForeignPkeyCases.permuted([0, 1, 2], by: [1, 2, 0]), [0, 1, 2])
    }

    func testOnlyElementsOfOneKindTradePlaces() {
        // Two scenario tasks of one kind, two idle tasks, POR_EL1_INIT: 2 x 2 permutations.
        let any = ForeignPkeyCases.permutations(of: [7, 7, -1, -1, -2])
        XCTAssertEqual(any.count, 4)
        XCTAssertTrue(any.allSatisfy { $0[4] == 4 })
        XCTAssertEqual(ForeignPkeyCases.permutations(of: [7, 8, -1, -1, -2]).count, 2)
        XCTAssertEqual(ForeignPkeyCases.permutations(of: [1, 1, 1]).count, 6)
    }

    func testOneCasePerOrbit() {
        let five = ForeignPkeyCases.setPartitions(of: 5)
        // Burnside: (52 + 20 + 20 + 12) / 4 orbits for two swappable pairs.
        XCTAssertEqual(ForeignPkeyCases.representatives(five, under: ForeignPkeyCases.permutations(of: [7, 7, -1, -1, -2])).count, 26)
        XCTAssertEqual(ForeignPkeyCases.representatives(five, under: ForeignPkeyCases.permutations(of: [7, 8, -1, -1, -2])).count, 36)
        XCTAssertEqual(ForeignPkeyCases.representatives(five, under: ForeignPkeyCases.permutations(of: [1, 2, 3, 4, 5])).count, 52)
        // Three of a kind: a partition up to renaming is its block sizes, {3}, {2,1}, {1,1,1}.
        XCTAssertEqual(ForeignPkeyCases.representatives(ForeignPkeyCases.setPartitions(of: 3),
                                                        under: ForeignPkeyCases.permutations(of: [1, 1, 1])),
                       [[0, 0, 0], [0, 0, 1], [0, 1, 2]])
    }
}
