@testable import KPExplorer
import XCTest

final class KeyInternerTests: XCTestCase {
    /// Ids are given in the order keys are first seen, and a key seen again gets its id
    /// back, across every growth of the table (so as the tag bits in a slot shrink from 28
    /// to 14), and for keys whose hashes agree in their first slot and their tag, found
    /// and interned on purpose, so that a probe must compare the keys themselves.
    func testIdsFollowFirstSightAcrossGrowthsAndTagCollisions() {
        var reference: [UInt64: UInt32] = [:]
        var generator = UInt64(0x1234_5678)
        func next() -> UInt64 {
            generator &+= 0x9E37_79B9_7F4A_7C15
            var z = generator
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Keys whose hashes share the first slot and the tag in a table of 2^16 slots.
        var bySlotAndTag: [UInt64: UInt64] = [:]
        var twins: [(UInt64, UInt64)] = []
        while twins.count < 4 {
            let key = next() >> 1
            let h = KeyInterner.hash(key)
            let place = (h & 0xFFFF) | UInt64(KeyInterner.tag(h, 16)) << 16
            if let other = bySlotAndTag[place], other != key { twins.append((other, key)) } else { bySlotAndTag[place] = key }
        }
        var tagged = KeyInterner(capacity: 40_000)
        XCTAssertEqual(tagged.idBits, 16)
        for (i, (a, b)) in twins.enumerated() {
            XCTAssertEqual(tagged.intern(a).id, UInt32(2 * i))
            XCTAssertEqual(tagged.intern(b).id, UInt32(2 * i + 1), "a key sharing another's slot and tag is new")
        }
        for (i, (a, b)) in twins.enumerated() {
            XCTAssertTrue(tagged.intern(a) == (UInt32(2 * i), false) && tagged.intern(b) == (UInt32(2 * i + 1), false))
        }

        var interner = KeyInterner(capacity: 4)
        var keys: [UInt64] = twins.flatMap { [$0.0, $0.1] }
        for i in 0..<150_000 { keys.append(i % 3 == 0 && i > 0 ? keys[Int(next() % UInt64(keys.count))] : next()) }
        var bitsSeen: Set<Int> = []
        for key in keys {
            let (id, inserted) = interner.intern(key)
            bitsSeen.insert(interner.idBits)
            if let known = reference[key] {
                XCTAssertFalse(inserted)
                XCTAssertEqual(id, known)
            } else {
                XCTAssertTrue(inserted)
                XCTAssertEqual(Int(id), reference.count)
                reference[key] = id
            }
        }
        XCTAssertEqual(interner.count, reference.count)
        XCTAssertEqual(bitsSeen.min(), 4)
        XCTAssertEqual(bitsSeen.max(), 18)

        // Reading ahead (as the search does for each chunk of keys another thread made)
        // changes no id and no answer, across growths in the middle of a chunk.
        var ahead = VisitedSet(capacity: 4), seen: Set<UInt64> = []
        for start in stride(from: 0, to: keys.count, by: 256) {
            let chunk = keys[start..<min(start + 256, keys.count)].map { key in
                var fingerprint = Fingerprint([])
                fingerprint.value = key
                return fingerprint
            }
            ahead.prefetch(chunk)
            for key in chunk {
                let (id, inserted) = ahead.insert(key: key)
                XCTAssertEqual(id, reference[key.value], "key \(key.value)")
                XCTAssertEqual(inserted, seen.insert(key.value).inserted, "key \(key.value)")
            }
        }
        XCTAssertEqual(ahead.count, reference.count)
    }
}
