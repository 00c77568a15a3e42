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

    func testOnlyRenamingsThatKeepTheInitialConfigurationAreSymmetries() {
        // `any`: two CPUs start running two tasks of one function. Swapping the CPUs
        // with their tasks and idle tasks keeps the initial state; swapping the tasks
        // alone, or the idle tasks alone, does not (T0 would start on CPU 1).
        let any = Automorphism.group(entries: [7, 7], cpus: 2, initial: true)
        XCTAssertEqual(any.map(\.task), [[0, 1, 2, 3], [1, 0, 3, 2]])
        XCTAssertEqual(any.map(\.cpu), [[0, 1], [1, 0]])
        // Tasks of different functions on the two CPUs: nothing to swap.
        XCTAssertEqual(Automorphism.group(entries: [7, 8], cpus: 2, initial: true).count, 1)
        // One CPU: the task that starts running stays; tasks that start waiting trade places.
        XCTAssertEqual(Automorphism.group(entries: [7, 7], cpus: 1, initial: true).count, 1)
        XCTAssertEqual(Automorphism.group(entries: [7, 7, 7], cpus: 1, initial: true).map(\.task),
                       [[0, 1, 2, 3], [0, 2, 1, 3]])
        // vmalloc-3x3: T2 starts waiting alone, so only the CPU swap is left of 3! x 2!.
        XCTAssertEqual(Automorphism.group(entries: [7, 7, 7], cpus: 2, initial: true).map(\.task),
                       [[0, 1, 2, 3, 4], [1, 0, 2, 4, 3]])
        // Without the initial state to keep: any renaming of CPUs (idle tasks with them)
        // and of the tasks of one function.
        let steps = Automorphism.group(entries: [7, 7, 7], cpus: 2, initial: false)
        XCTAssertEqual(steps.count, 12)
        XCTAssertEqual(Set(steps.map(\.task)).count, 12)
        XCTAssertTrue(steps.allSatisfy { $0.task[3] == 3 + $0.cpu[0] && $0.task[4] == 3 + $0.cpu[1] })
        XCTAssertEqual(Automorphism.group(entries: [7, 8], cpus: 2, initial: false).count, 2)
    }

    func testOneCasePerOrbit() {
        func cases(_ entries: [Int], cpus: Int) -> Int {
            let group = Automorphism.group(entries: entries, cpus: cpus, initial: true)
            let elements = entries.count + cpus
            return ForeignPkeyCases.representatives(ForeignPkeyCases.setPartitions(of: elements + 1),
                                                    under: group.map { $0.task + [elements] }).count
        }
        // Burnside: the orbits are the average number of partitions each renaming fixes.
        // `any` (T0, T1, idle/0, idle/1, POR_EL1_INIT): the identity fixes all 52, the
        // swap (T0 T1)(idle/0 idle/1) the 12 whose blocks it maps onto blocks: 64 / 2.
        XCTAssertEqual(cases([7, 7], cpus: 2), 32)
        // Nothing to swap: every one of the 52.
        XCTAssertEqual(cases([7, 8], cpus: 2), 52)
        // One CPU, two tasks of one function: T0 starts running, T1 waiting: all 15.
        XCTAssertEqual(cases([7, 7], cpus: 1), 15)
        // One CPU, three: T1 and T2 both wait and trade places, (52 + 20) / 2.
        XCTAssertEqual(cases([7, 7, 7], cpus: 1), 36)
        // vmalloc-3x3: 203 partitions of 6, the CPU swap (T0 T1)(idle/0 idle/1) fixes 31: 234 / 2.
        XCTAssertEqual(cases([7, 7, 7], cpus: 2), 117)
        // Three of a kind that all may trade places: a partition up to renaming is its
        // block sizes, {3}, {2,1}, {1,1,1}.
        XCTAssertEqual(ForeignPkeyCases.representatives(ForeignPkeyCases.setPartitions(of: 3),
                                                        under: Automorphism.permutations(of: [1, 1, 1])),
                       [[0, 0, 0], [0, 0, 1], [0, 1, 2]])
    }
}
