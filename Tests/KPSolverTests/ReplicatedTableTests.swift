import KPIR
import KPTestSupport
import XCTest

/// A replica's table, taken by its changes (`ReplicatedTable`), holds exactly what its
/// original holds after every take, whatever either side changed in between: keys set,
/// set again, removed; slots appended and rewritten below and above what the replica took.
final class ReplicatedTableTests: XCTestCase {
    func testADictionaryTakesTheOriginalsChangesAndDropsItsOwn() {
        var original = ReplicatedDictionary<UInt32, UInt32>(), random = SplitMix64(seed: 3)
        for k in 0..<50 { original[UInt32(k)] = UInt32(k) }
        original.startJournal()
        var replicas = [ReplicatedDictionary<UInt32, UInt32>(), ReplicatedDictionary<UInt32, UInt32>()]
        for r in replicas.indices { replicas[r].take(original) }
        for round in 0..<200 {
            // Each side sets keys old and new, and removes some.
            for _ in 0..<random.below(8) {
                original[UInt32(random.below(120))] = random.below(5) == 0 ? nil : UInt32(random.below(1_000))
            }
            let r = random.below(replicas.count)
            for _ in 0..<random.below(8) {
                replicas[r][UInt32(random.below(120))] = random.below(5) == 0 ? nil : UInt32(random.below(1_000))
            }
            replicas[r].take(original)
            XCTAssertEqual(replicas[r].dictionary, original.dictionary, "round \(round), replica \(r)")
        }
        for r in replicas.indices {
            replicas[r].take(original)
            XCTAssertEqual(replicas[r], original)
        }
    }

    func testAnArrayTakesTheOriginalsChangesAndDropsItsOwn() {
        var original = ReplicatedArray<UInt32>(Array(0..<20)), random = SplitMix64(seed: 5)
        original.startJournal()
        var replica = ReplicatedArray<UInt32>()
        replica.take(original)
        for round in 0..<300 {
            // Appends, and slots rewritten anywhere: below what the replica took, and in
            // what either side appended since.
            for _ in 0..<random.below(6) {
                if random.below(3) == 0 { original.append(UInt32(random.below(1_000))) } else {
                    original[random.below(original.count)] = UInt32(random.below(1_000))
                }
            }
            for _ in 0..<random.below(6) {
                if random.below(3) == 0 { replica.append(UInt32(random.below(1_000))) } else {
                    replica[random.below(replica.count)] = UInt32(random.below(1_000))
                }
            }
            replica.take(original)
            XCTAssertEqual(replica.array, original.array, "round \(round)")
        }
    }

    /// An original that keeps no journal is copied whole, every time.
    func testWithoutTheOriginalsJournalAReplicaCopiesItWhole() {
        var original = ReplicatedDictionary<Int, Int>(), replica = ReplicatedDictionary<Int, Int>()
        var array = ReplicatedArray<Int>([1, 2, 3]), arrayReplica = ReplicatedArray<Int>()
        for round in 0..<5 {
            original[round] = round
            replica[100 + round] = round
            array[0] = round
            arrayReplica.append(round)
            replica.take(original)
            arrayReplica.take(array)
            XCTAssertEqual(replica, original)
            XCTAssertEqual(arrayReplica, array)
        }
    }
}
