import KPExplorer
import KPTestSupport
import XCTest

/// Three counters in a 37-word state (the rest stays as in the initial state, as most of
/// a machine state does), each stepped by 1 or 3 up to `bound`; all three at `target` is
/// the finding.
private struct Counters3: TransitionSystem {
    struct Hit: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { false }
    }
    var bound: UInt32
    var target: UInt32
    static let slots = [1, 17, 36]

    func initialStates() -> [PackedState] { [(0..<37).map { UInt32($0 * 5) }] }

    func successors(of state: PackedState, into successors: inout [Successor<Hit>]) {
        for slot in Self.slots {
            for step: UInt32 in [1, 3] where state[slot] - UInt32(slot * 5) + step <= bound {
                var next = state
                next[slot] += step
                let hit = Self.slots.allSatisfy { next[$0] - UInt32($0 * 5) == target }
                successors.append(Successor(state: next, findings: hit ? [Hit()] : []))
            }
        }
    }
}

final class StateStorageTests: XCTestCase {
    /// A level's queue of a search on several threads gives back each state with its id,
    /// whether it was appended whole or as another thread encoded it in a chain (each
    /// state against the one before, restarted against the reference now and then), with
    /// links (`StateQueue.link`) among them, read in order by any number of cursors at
    /// once, from states equal to the reference to states unlike it in every word.
    func testQueueReadsBackChainsOfRecordsInOrder() {
        let reference = (0..<70).map { UInt32($0 * 3) }
        var random = SplitMix64(seed: 7)
        var states: [PackedState] = [reference, reference.map { $0 + 1 }]
        for _ in 0..<200 {
            var s = random.next() % 3 == 0 ? reference : states.last!
            for _ in 0..<Int(random.next() % 9) { s[Int(random.next() % 70)] = UInt32(truncatingIfNeeded: random.next()) }
            states.append(s)
        }
        var queue = StateQueue(reference: reference)
        // One buffer for every encoding, as a thread keeps it, each written after what the
        // one before left there (and past a start it must not touch): nothing of one record
        // may reach the next.
        var buffer: [UInt32] = [9, 9], filled = 2
        var previous: PackedState?
        var expected: [(header: UInt32, state: PackedState)] = []
        for (i, s) in states.enumerated() {
            let header = i % 5 == 3 ? StateQueue.link : UInt32(i) + 1_000
            if i % 7 == 0 && header != StateQueue.link {
                queue.append(id: header, s)
                previous = nil
            } else {
                let restart = previous == nil || i % 11 == 0
                let start = i % 4 == 1 ? 2 : filled
                filled = queue.encode(s, against: restart ? nil : previous, into: &buffer, at: start)
                buffer.withUnsafeBufferPointer { queue.append(header, encoded: UnsafeBufferPointer(rebasing: $0[start..<filled]), restart: restart) }
                previous = s
            }
            expected.append((header, s))
        }
        XCTAssertEqual(buffer[..<2], [9, 9])
        XCTAssertEqual(queue.count, expected.filter { $0.header != StateQueue.link }.count)
        // Two readers at once, one from a buffer that held another state.
        var cursors = [StateQueue.Cursor(), StateQueue.Cursor()]
        var read: [PackedState] = [[], reference.map { ~$0 }]
        for (header, state) in expected {
            for r in 0..<2 {
                XCTAssertEqual(queue.read(&cursors[r], into: &read[r]), header)
                XCTAssertEqual(read[r], state)
            }
        }
        XCTAssertNil(queue.read(&cursors[0], into: &read[0]))
        var states2: [PackedState] = [], state: PackedState = []
        while let id = queue.next(into: &state) {
            XCTAssertNotEqual(id, StateQueue.link)
            states2.append(state)
        }
        XCTAssertEqual(states2, expected.filter { $0.header != StateQueue.link }.map(\.state))
        XCTAssertTrue(queue.isEmpty)
        var words: [UInt32] = [7]
        let encodedEnd = queue.encode(reference, against: nil, into: &words, at: 1)
        XCTAssertEqual(words[1..<encodedEnd], [0, 0, 0], "a state equal to the reference is its empty bitmap")
        let chained = queue.encode(states[5], against: states[5], into: &words, at: 1)
        XCTAssertEqual(words[1..<chained], [0, 0, 0], "a state equal to the one before is its empty bitmap")
    }

    /// A sequential queue (the search's on one thread) stores each state against the one
    /// before it and gives them back in order, across `removeAll` and with a reader's
    /// buffer that held another level's state; it takes fewer words when neighbours are alike.
    func testSequentialQueueReadsBackStatesInOrder() {
        let reference = (0..<70).map { UInt32($0 * 3) }
        var random = SplitMix64(seed: 11)
        var states: [PackedState] = [reference]
        for _ in 0..<200 {
            var s = states.last!
            for _ in 0..<Int(random.next() % 4) { s[Int(random.next() % 70)] = UInt32(truncatingIfNeeded: random.next()) }
            states.append(random.next() % 10 == 0 ? reference.map { $0 ^ 1 } : s)
        }
        var sequential = StateQueue(reference: reference, sequential: true)
        var plain = StateQueue(reference: reference)
        var state: PackedState = reference.map { $0 + 5 }
        for round in 0..<2 {
            for (i, s) in states.enumerated() {
                sequential.append(id: UInt32(i), s)
                plain.append(id: UInt32(i), s)
            }
            XCTAssertLessThan(sequential.memoryBytes, plain.memoryBytes, "round \(round)")
            var read: [PackedState] = []
            while let id = sequential.next(into: &state) {
                XCTAssertEqual(id, UInt32(read.count))
                read.append(state)
            }
            XCTAssertEqual(read, states, "round \(round)")
            sequential.removeAll()
            plain.removeAll()
        }
    }

    /// The birthday bound n(n-1)/2^65 on known counts: about 1 in 3,700 at 10^8 states.
    /// The AVX-512 kernels (`CKernels`) write the words the portable code writes and read
    /// back the same states, at every width (partial vectors at the end, bitmap words whose
    /// upper half lies past it), in both kinds of queue.
    func testVectorKernelsEncodeAndReadAsThePortableCode() throws {
        try XCTSkipUnless(VectorKernels.available, "this processor has no AVX-512: the kernels never run here")
        var random = SplitMix64(seed: 23)
        for width in [1, 5, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 70, 488] {
            let reference = (0..<width).map { _ in UInt32(truncatingIfNeeded: random.next()) }
            var states: [PackedState] = [reference]
            for _ in 0..<60 {
                var s = random.next() % 4 == 0 ? reference.map { ~$0 } : reference
                for _ in 0..<Int(random.next() % 12) { s[Int(random.next() % UInt64(width))] = UInt32(truncatingIfNeeded: random.next()) }
                states.append(s)
            }
            for sequential in [false, true] {
                var portable = StateQueue(reference: reference, sequential: sequential, vectorKernels: false)
                var vector = StateQueue(reference: reference, sequential: sequential, vectorKernels: true)
                XCTAssertTrue(vector.vectorKernels)
                XCTAssertFalse(portable.vectorKernels)
                for (i, s) in states.enumerated() {
                    portable.append(id: UInt32(i), s)
                    vector.append(id: UInt32(i), s)
                    if !sequential {
                        var a: [UInt32] = [], b: [UInt32] = [5, 5, 5]
                        let against = i > 0 && i % 3 != 0 ? states[i - 1] : nil
                        let endA = portable.encode(s, against: against, into: &a, at: 0)
                        let endB = vector.encode(s, against: against, into: &b, at: 3)
                        XCTAssertEqual(a[..<endA], b[3..<endB], "width \(width), state \(i)")
                    }
                }
                XCTAssertEqual(vector.memoryBytes, portable.memoryBytes, "width \(width)")
                var fromPortable: PackedState = [], fromVector: PackedState = [reference.map { $0 &+ 1 }].first!
                for i in states.indices {
                    XCTAssertEqual(portable.next(into: &fromPortable), UInt32(i))
                    XCTAssertEqual(vector.next(into: &fromVector), UInt32(i))
                    XCTAssertEqual(fromVector, states[i], "width \(width), state \(i), sequential \(sequential)")
                    XCTAssertEqual(fromPortable, states[i])
                }
            }
        }
    }

    /// The visited set's fingerprint is one function whether AVX-512 computes it or not:
    /// the kernel and the portable code agree at every length (partial rounds, words past
    /// the end taken as zeros), and a trailing zero word still makes another fingerprint.
    func testSixteenLaneFingerprintIsTheSameWithAndWithoutTheKernel() throws {
        var random = SplitMix64(seed: 29)
        var seen = Set<UInt64>(), inputs = Set<[UInt32]>()
        for count in [0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 488, 489] {
            for _ in 0..<20 {
                let words = (0..<count).map { _ in random.next() % 3 == 0 ? 0 : UInt32(truncatingIfNeeded: random.next()) }
                let portable = Fingerprint.sixteenLanesPortably(words)
                XCTAssertEqual(Fingerprint(sixteenLanes: words).value, portable, "\(count) words")
                seen.insert(portable)
                inputs.insert(words)
                XCTAssertNotEqual(Fingerprint.sixteenLanesPortably(words + [0]), portable, "\(count) words and a zero")
            }
        }
        XCTAssertEqual(seen.count, inputs.count, "distinct inputs, distinct fingerprints")
        XCTAssertGreaterThan(inputs.count, 250)
        try XCTSkipUnless(VectorKernels.available, "this processor has no AVX-512: only the portable code ran")
    }

    func testCollisionProbabilityIsTheBirthdayBound() {
        XCTAssertEqual(Fingerprint.collisionProbability(states: 0), 0)
        XCTAssertEqual(Fingerprint.collisionProbability(states: 1), 0)
        XCTAssertEqual(Fingerprint.collisionProbability(states: 2), 2 / 0x1p65, accuracy: 1e-30)
        let hundredMillion = Fingerprint.collisionProbability(states: 100_000_000)
        XCTAssertEqual(hundredMillion, 1e8 * (1e8 - 1) / 0x1p65, accuracy: 1e-7)
        XCTAssertEqual(1 / hundredMillion, 3_689, accuracy: 1)
        XCTAssertEqual(Fingerprint.collisionProbability(states: 16_417), 16_417.0 * 16_416 / 0x1p65, accuracy: 1e-20)
        // Past 2^32 states a collision is likely, and the figure stays a probability.
        let tenBillion = Fingerprint.collisionProbability(states: 10_000_000_000)
        XCTAssertGreaterThan(tenBillion, 0.9)
        XCTAssertLessThan(tenBillion, 1)
    }

    /// The exact set gives the same ids and answers as a set of the states themselves,
    /// across growth of all its tables, for states that differ from the reference in one
    /// word, in many, or not at all: on a state of two segments (one level of pairs) and
    /// on one of eleven (four levels, an odd node at each), where successive inserts
    /// share most of the tree.
    func testExactSetAgreesWithASetOfTheStates() {
        for width in [45, 11 * TreeStateSet.segmentWords - 3] {
            let reference: PackedState = (0..<width).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
            var exact = TreeStateSet(reference: reference)
            var truth: [PackedState: UInt32] = [:]
            var random = SplitMix64(seed: 42)
            for _ in 0..<60_000 {
                var state = reference
                // Few words changed, from a small alphabet: many repeats, segments shared.
                for _ in 0..<Int(random.next() % 4) {
                    state[Int(random.next() % UInt64(width))] = UInt32(random.next() % 5)
                }
                let expected = truth[state]
                let (id, inserted) = exact.insert(state)
                XCTAssertEqual(inserted, expected == nil, "width \(width)")
                if let expected { XCTAssertEqual(id, expected, "width \(width)") } else { truth[state] = id }
            }
            XCTAssertEqual(exact.count, truth.count)
            XCTAssertGreaterThan(truth.count, 20_000)
            XCTAssertEqual(truth.values.sorted(), (0..<UInt32(truth.count)).map { $0 })
            XCTAssertFalse(exact.insert(reference).inserted)
            XCTAssertEqual(exact.collisionProbability, 0)
        }
        XCTAssertTrue(TreeStateSet.isExact)
        XCTAssertFalse(VisitedSet.isExact)
    }

    /// States that differ in a single word anywhere (the last, partial segment included)
    /// are told apart.
    func testExactSetTellsApartStatesThatDifferInOneWord() {
        for width in [21, 5 * TreeStateSet.segmentWords + 7] {
            let reference = PackedState(repeating: 9, count: width)
            var exact = TreeStateSet(reference: reference)
            XCTAssertEqual(exact.insert(reference).id, 0)
            for i in 0..<width {
                var state = reference
                state[i] = 10
                XCTAssertEqual(exact.insert(state).id, UInt32(i + 1), "word \(i) of \(width)")
            }
            XCTAssertEqual(exact.count, width + 1)
            XCTAssertEqual(exact.insert(reference).id, 0)
        }
        var empty = TreeStateSet(reference: [])
        XCTAssertEqual(empty.insert([]).inserted, true)
        XCTAssertEqual(empty.insert([]).inserted, false)
    }

    /// `exactStates` changes how states are stored, not what is found: the same counts,
    /// depth and shortest path; collision probability 0 and exact, else the bound over
    /// the states counted.
    func testExactSearchFindsWhatTheFingerprintSearchFinds() throws {
        let system = Counters3(bound: 12, target: 7)
        var search = BreadthFirstSearch(system: system)
        let hashed = try search.run()
        search.exactStates = true
        let exact = try search.run()
        XCTAssertEqual(hashed.outcome, .complete)
        XCTAssertEqual(hashed.states, 13 * 13 * 13)
        XCTAssertEqual(exact.states, hashed.states)
        XCTAssertEqual(exact.transitions, hashed.transitions)
        XCTAssertEqual(exact.depth, hashed.depth)
        XCTAssertEqual(exact.terminalStates, hashed.terminalStates)
        XCTAssertEqual(exact.findings[0]?.path, hashed.findings[0]?.path)
        XCTAssertEqual(exact.findings[0]?.path.count, 1 + 3 * 3)
        XCTAssertEqual(exact.storage, StateStorage(exact: true, collisionProbability: 0))
        XCTAssertEqual(hashed.storage, StateStorage(exact: false,
                                                    collisionProbability: Fingerprint.collisionProbability(states: 2_197)))
    }

    /// The machine's small sets answer like a set of the states, exact or not.
    func testStateKeySetAnswersLikeASet() {
        for exact in [false, true] {
            var set = StateKeySet(exact: exact)
            XCTAssertTrue(set.insert([1, 2, 3]))
            XCTAssertTrue(set.insert([1, 2, 4]))
            XCTAssertFalse(set.insert([1, 2, 3]))
            XCTAssertTrue(set.insert([]))
            XCTAssertFalse(set.insert([]))
        }
    }

    /// Two searches a verdict rests on: either may collide.
    func testCombinedStorageIsExactOnlyWhenBothAre() {
        let a = StateStorage(exact: false, collisionProbability: 1e-9)
        let b = StateStorage(exact: true, collisionProbability: 0)
        XCTAssertEqual(a.combined(with: b), StateStorage(exact: false, collisionProbability: 1e-9))
        XCTAssertEqual(b.combined(with: b), b)
        let likely = StateStorage(exact: false, collisionProbability: 0.7)
        XCTAssertEqual(likely.combined(with: likely).collisionProbability, 1)
    }
}
