import Foundation

/// How a search makes and uses replicas of its system (`ReplicableTransitionSystem`),
/// as closures, so that the search stays generic over every `TransitionSystem`.
public struct Replication<System> {
    /// Makes a replica of the system, reading the system only while it holds the lock
    /// given (the search's thread uses the system meanwhile).
    @usableFromInline let make: (System, NSLock) throws -> System?
    @usableFromInline let synchronize: (System, System) -> Void
    @usableFromInline let generation: (System) -> Int
    @usableFromInline let absorb: (System, System) -> Void
    @usableFromInline let releasesWhileWaiting: (System, NSLock?) -> Void
}

extension Replication where System: ReplicableTransitionSystem {
    /// Replicas made by `make` (by default, `replica()`): a system whose replicas share
    /// no buffers with it runs faster, as threads then touch no reference count together.
    /// (Inlinable, as the next: made where the system's type is known, the closures call
    /// its members directly, not through its conformance: `generation` once per state.)
    @inlinable
    public init(making make: @escaping (System) throws -> System? = { try $0.replica() }) {
        self.init(makingUnder: { system, lock in
            lock.lock()
            defer { lock.unlock() }
            return try make(system)
        })
    }

    /// Replicas made by `make`, which takes the lock it is given whenever it reads the
    /// system: what it builds apart from the system, it builds while the search goes on.
    @inlinable
    public init(makingUnder make: @escaping (System, NSLock) throws -> System?) {
        self.make = make
        synchronize = { replica, original in replica.synchronize(with: original) }
        generation = { $0.generation }
        absorb = { original, replica in original.absorb(replica) }
        releasesWhileWaiting = { system, lock in system.releasesWhileWaiting(lock) }
    }
}

/// Expands the states of a search's levels on several threads for `BreadthFirstSearch`:
/// successors, canonical representatives, fingerprints and the queue's encoding, the
/// bulk of a search's work, while the search's own thread takes them in frontier order
/// and does everything that decides ids and verdicts (the visited set, parent links,
/// findings, the reduced graph).
///
/// The search publishes its frontier in chunks (`publish`), each a queue of up to
/// `chunkSize` states, as soon as it has filled one: the chunks of the next level while
/// it still follows the tail of this one, so that no thread waits for a level to end
/// before it has work again (waiting there was a tenth of a worker's time). Chunks are
/// numbered in the order published, across levels. Worker threads claim chunks in order
/// and expand them on replicas of the system. The search asks for each chunk in order:
/// if no thread claimed it yet, it expands it itself on the system; while it waits for a
/// claimed one, it expands the next unclaimed chunk on a replica of its own.
///
/// A replica takes the system's tables (`synchronize`) before a chunk published when the
/// system had more than it took (the chunk's states may name what the system made since),
/// and whenever its `generation` moved on a state: it then gives that state back
/// unexpanded (`replay`), for the search to expand on the system in order. It takes them
/// under `systemLock`, which the search holds whenever it uses the system, so a replica
/// always copies the system between two of its states. So the system does the same work
/// in the same order as on one thread, and counts, traces and ids do not depend on
/// threads.
///
/// Workers run at most `window` chunks ahead of the search, which bounds the memory
/// of expanded chunks not yet taken.
///
/// Each worker makes its replica on its own thread, and the first worker then makes the
/// search's (replica 0): making one takes about two milliseconds, most of it apart from the
/// system, and the search goes on meanwhile (made before it, they were 2% of a two-thread
/// search of vmalloc-2x2; made by the search the first time it would wait, they held up
/// the first levels by that much).
///
/// A level that is one chunk is the search's own (`Published.searchOnly`): a worker that
/// took it would leave the search waiting, with nothing else to do, for states expanded on
/// a replica, which gives back more of them early in a search, when most steps make
/// something new.
@usableFromInline
final class LevelExpander<System: TransitionSystem, Visited: StateSet>: @unchecked Sendable {
    @usableFromInline typealias Key = Visited.Key

    @usableFromInline
    struct Expanded {
        @usableFromInline var id: UInt32
        /// Not expanded: the search expands it on the system, from the chunk's next
        /// `givenBack` state.
        @usableFromInline var replay: Bool
        /// Where its successors are in the chunk's `steps`.
        @usableFromInline var successors: Range<Int>
        /// Which of them the search takes (see `PersistentSet.expand`).
        @usableFromInline var expansion = PersistentSet.Expansion.all
        /// The chunk's index (in `keys` and `ends`) of the first successor taken: the
        /// successors in order, or with partial-order reduction, the persistent set's.
        @usableFromInline var first: Int

        @inlinable
        init(id: UInt32, first: Int) {
            self.id = id
            replay = true
            successors = 0..<0
            self.first = first
        }
    }

    /// A chunk's states expanded: for every successor, in order, what the visited set
    /// keeps of it (of its canonical representative, with symmetry), and its encoding
    /// for the next level's queue (`StateQueue.encode`), at `words[ends[i - 1]..<ends[i]]`.
    /// One buffer for the chunk, not one per successor. The encodings form chains, each
    /// successor against the one before it (on vmalloc-2x2 a successor differs from the
    /// one before it in about 32 of its 488 words, from the initial state in 69), restarted
    /// against the reference at the chunk's first successor and after a state given back
    /// (`restarts`): the search copies every one into the next level's queue, as a state
    /// or a link (`StateQueue.link`), so that each lands after the one it was encoded
    /// against, or at a restart.
    ///
    /// A class: the search passes it along with each state it follows, and a struct of
    /// eight arrays was eight retains and releases a state (2% of a two-thread search).
    @usableFromInline
    final class Chunk {
        @usableFromInline var entries: [Expanded] = []
        /// The successors of every entry, in order, as the search follows them: their states
        /// are in `words`, and their findings (rare) in `findings`. One array of plain
        /// values for the chunk: an array of `Successor`s, two arrays each, cost two
        /// retains and releases, and a destroy through the runtime, a successor.
        @usableFromInline var steps: [Step] = []
        @usableFromInline var findings: [[System.Finding]] = []
        @usableFromInline var keys: [Key] = []
        /// A buffer: the encodings end at `ends.last`, and what follows is room.
        @usableFromInline var words: [UInt32] = []
        @usableFromInline var ends: [Int] = []
        /// Whether each successor's encoding starts a chain.
        @usableFromInline var restarts: [Bool] = []
        /// The states given back (`Expanded.replay`), in order: a queue's records are
        /// read in order only.
        @usableFromInline var givenBack: [PackedState] = []

        @inlinable init() {}

        /// Empties the chunk for another, keeping its buffers.
        @inlinable
        func clear() {
            entries.removeAll(keepingCapacity: true)
            steps.removeAll(keepingCapacity: true)
            findings.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            restarts.removeAll(keepingCapacity: true)
            givenBack.removeAll(keepingCapacity: true)
        }

        /// Calls `body` with the chunk's arrays, each read from the chunk once: read through
        /// the chunk, an array is retained and released at each access, five times a
        /// successor the search follows.
        @inlinable
        func withContents<R>(_ body: (Contents) throws -> R) rethrows -> R {
            try words.withUnsafeBufferPointer { words in
                try body(Contents(steps: steps, findings: findings, keys: keys, words: words, ends: ends, restarts: restarts))
            }
        }
    }

    /// What the search reads of a chunk it follows (see `Chunk.withContents`).
    @usableFromInline
    struct Contents {
        @usableFromInline let steps: [Step]
        @usableFromInline let findings: [[System.Finding]]
        @usableFromInline let keys: [Key]
        @usableFromInline let words: UnsafeBufferPointer<UInt32>
        @usableFromInline let ends: [Int]
        @usableFromInline let restarts: [Bool]

        @inlinable
        init(steps: [Step], findings: [[System.Finding]], keys: [Key], words: UnsafeBufferPointer<UInt32>, ends: [Int],
             restarts: [Bool]) {
            (self.steps, self.findings, self.keys, self.words, self.ends, self.restarts) = (steps, findings, keys, words, ends, restarts)
        }

        /// The encoding of successor `i` of the chunk.
        @inlinable
        func encoded(_ i: Int) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(rebasing: words[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
        }
    }

    /// A successor in a chunk: the process that took its step (`Successor.process`), and
    /// where its findings are in the chunk's `findings` (-1: it has none).
    @usableFromInline
    struct Step {
        @usableFromInline var process: Int32
        @usableFromInline var findings: Int32

        @inlinable
        init(process: Int32, findings: Int32) {
            self.process = process
            self.findings = findings
        }
    }

    /// A chunk of the frontier as the search published it: its states (a queue of one
    /// chunk), the search's `movedLast` of each, in order, the system's generation then, and
    /// whether the search expands it on the system whatever the workers do (a level of one
    /// chunk: see `LevelExpander`).
    @usableFromInline
    struct Published {
        @usableFromInline var queue: StateQueue
        @usableFromInline var movedLast: [Int8]
        @usableFromInline var generation: Int
        @usableFromInline var searchOnly: Bool

        @inlinable
        init(queue: StateQueue, movedLast: [Int8], generation: Int, searchOnly: Bool) {
            self.queue = queue
            self.movedLast = movedLast
            self.generation = generation
            self.searchOnly = searchOnly
        }
    }

    @usableFromInline
    enum Claim {
        case expanded(Chunk)
        /// No thread took the chunk: the search expands it on the system.
        case yours
    }

    @usableFromInline let condition = NSCondition()
    /// Held by the search while it uses the system, and by a replica copying it.
    @usableFromInline let systemLock = NSLock()
    @usableFromInline let system: System
    @usableFromInline let replication: Replication<System>
    @usableFromInline let symmetry: Bool
    /// With partial-order reduction, keys and encodings are made only for the successors
    /// of the persistent set the search will take (`PersistentSet.expand`, preferring the
    /// process that last moved, from the chunk's `movedLast`).
    @usableFromInline let partialOrderReduction: Bool
    /// Every chunk the search asks for is expanded on its replica, with all those published
    /// after it within the window (for tests).
    @usableFromInline let everyChunkOnReplica: Bool
    @usableFromInline let window: Int
    /// Successors encoded in one chain at most (see `Chunk`): a restart costs an encoding
    /// against the initial state, twice the words. 128 took 1-2% less time than 32 on
    /// vmalloc-2x2 with two threads, and 1,024 no less than 128.
    @usableFromInline static var chainLength: Int { 128 }
    /// Replica 0 serves the search's own thread; replica i > 0, worker i. Nil until made
    /// (or when the system made none).
    @usableFromInline var replicas: [System?] = []
    /// Workers making a replica now: they read the system, so the search's `stop` waits
    /// for them.
    @usableFromInline var making = 0
    /// What making a replica threw, thrown by the search when it stops (`stop`).
    @usableFromInline var failure: Error?
    @usableFromInline var busy: [Bool] = []
    /// The system's `generation` when each replica last took its tables.
    @usableFromInline var synchronizedAt: [Int] = []
    /// The chunks published, by number, until the search takes them (then nil).
    @usableFromInline var published: [Published?] = []
    /// No chunk is claimed any more: the search stopped.
    @usableFromInline var closed = false
    @usableFromInline var claimed = 0
    @usableFromInline var current = 0
    @usableFromInline var results: [Chunk?] = []
    /// Which replica expanded each chunk, and the chunks the search is done with, by the
    /// replica that made them: each thread expands its next chunks into its own spent
    /// ones, so a chunk's buffers are allocated once and reused (allocating them for every
    /// chunk, and freeing them on the thread that allocated them, was 5% of a two-thread
    /// search's work, with the page faults of fresh memory besides).
    @usableFromInline var producers: [Int] = []
    @usableFromInline var spent: [[Chunk]] = []
    @usableFromInline var stopping = false
    @usableFromInline var running = 0
    /// Workers waiting for a chunk to claim, and whether the search waits: a wake-up is
    /// a system call, made only for a thread that waits.
    @usableFromInline var idle = 0
    @usableFromInline var searchWaits = false

    /// Nil when the system makes no replica, with no worker (with workers, each makes its
    /// own: a worker with none stops, and the search expands what it would have).
    @inlinable
    init?(system: System, replication: Replication<System>, threads: Int, symmetry: Bool, partialOrderReduction: Bool,
          everyChunkOnReplica: Bool = false) throws {
        self.system = system
        self.partialOrderReduction = partialOrderReduction
        self.replication = replication
        self.symmetry = symmetry
        self.everyChunkOnReplica = everyChunkOnReplica
        window = 16 * threads
        replicas = Array(repeating: nil, count: threads)
        busy = Array(repeating: false, count: threads)
        spent = Array(repeating: [], count: threads)
        synchronizedAt = Array(repeating: 0, count: threads)
        // With no worker (for tests), the search's replica is made here.
        if threads == 1 {
            synchronizedAt[0] = replication.generation(system)
            guard let replica = try replication.make(system, systemLock) else { return nil }
            replicas[0] = replica
        }
        replication.releasesWhileWaiting(system, systemLock)
        running = threads - 1
        for w in 1..<threads {
            let thread = Thread { [self] in work(w) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Publishes the next chunk of the frontier: `queue` holds its states (one chunk, read,
    /// not changed, until the search takes it back with `claim`), `movedLast` the search's
    /// for each (see `partialOrderReduction`; empty without it); `searchOnly` for a level of
    /// one chunk. Called on the search's thread, between two uses of the system.
    @inlinable
    func publish(_ queue: StateQueue, movedLast: [Int8], searchOnly: Bool = false) {
        let generation = replication.generation(system)
        condition.lock()
        published.append(Published(queue: queue, movedLast: movedLast, generation: generation, searchOnly: searchOnly))
        results.append(nil)
        producers.append(0)
        if idle > 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Ends the search's use of the expander: no chunk is claimed any more, and the
    /// chunks being expanded are done (unused) when it returns.
    @inlinable
    func stop() throws {
        replication.releasesWhileWaiting(system, nil)
        condition.lock()
        defer { condition.unlock() }
        closed = true
        while busy.contains(true) || making > 0 {
            searchWaits = true
            condition.wait()
            searchWaits = false
        }
        if let failure { throw failure }
    }

    /// Takes back chunk `c`, expanded by another thread, once the search is done with it.
    @inlinable
    func done(with chunk: Chunk, number c: Int) {
        condition.lock()
        let r = producers[c]
        // At most a window's worth kept per replica: as many as it can have expanded ahead.
        if spent[r].count < window { spent[r].append(chunk) }
        condition.unlock()
    }

    /// A chunk for replica `r` to expand into (`expand` empties it): one it made before and
    /// the search is done with, the one it gave back longest ago, or a new one. Called with
    /// `condition` held.
    ///
    /// The longest ago, not the last: a worker's chunk was last read on the search's
    /// thread, and its lines are in that core's cache until it lets them go; writing over
    /// the chunk the search just followed took every line back from the other core. Taken
    /// in that order (here and for the search's queues, `BreadthFirstSearch`), a two-thread
    /// search of vmalloc-2x2 (reset false) took 3% less time and CPU (least of 25-31 runs:
    /// 144.3 -> 140.8 ms, CPU 267 -> 260 ms).
    @inlinable
    func reusedChunk(for r: Int) -> Chunk { spent[r].isEmpty ? Chunk() : spent[r].removeFirst() }

    /// Chunk `c`, asked for in order once published, and what was published of it (the
    /// expander keeps nothing of it after).
    @inlinable
    func claim(_ c: Int) -> (Claim, Published) {
        condition.lock()
        defer { condition.unlock() }
        precondition(c < published.count, "chunk \(c) claimed before it was published")
        if current != c {
            current = c
            if idle > 0 { condition.broadcast() }
        }
        while true {
            // For tests, every chunk published within the window is expanded before the search
            // takes this one: chunks of the next level too, on a replica that took the system's
            // tables before this level ends, as a worker running ahead would.
            let ahead = everyChunkOnReplica ? nextChunk(for: 0) : nil
            if ahead == nil, let done = results[c] {
                results[c] = nil
                return (.expanded(done), take(c))
            }
            if claimed == c && !everyChunkOnReplica {
                claimed += 1
                return (.yours, take(c))
            }
            if let next = ahead ?? nextChunk(for: 0) {
                let chunk = published[next]!, replica = replicas[0]!
                let reused = reusedChunk(for: 0), stale = chunk.generation > synchronizedAt[0]
                condition.unlock()
                let done = expand(chunk, on: 0, replica, stale: stale, into: reused)
                condition.lock()
                results[next] = done
                producers[next] = 0
                busy[0] = false
            } else {
                searchWaits = true
                condition.wait()
                searchWaits = false
            }
        }
    }

    /// Chunk `c` as published, no longer kept; called with the lock held.
    @inlinable
    func take(_ c: Int) -> Published {
        let chunk = published[c]!
        published[c] = nil
        return chunk
    }

    /// Stops the workers and gives the system what the replicas recorded on the side.
    @inlinable
    func finish() {
        replication.releasesWhileWaiting(system, nil)
        condition.lock()
        stopping = true
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        published = []
        results = []
        condition.unlock()
        for case let replica? in replicas { replication.absorb(system, replica) }
    }

    /// The next chunk replica `r` may take, claimed; called with the lock held.
    @inlinable
    func nextChunk(for r: Int) -> Int? {
        guard !closed, replicas[r] != nil, claimed < published.count, claimed < current + window,
              everyChunkOnReplica || !published[claimed]!.searchOnly else { return nil }
        claimed += 1
        busy[r] = true
        return claimed - 1
    }

    /// Makes replica `r`, unless the search stopped; called with `condition` held, which
    /// it lets go of meanwhile.
    @inlinable
    func makeReplica(_ r: Int) {
        guard !closed else { return }
        making += 1
        condition.unlock()
        // The system's generation before the replica copies it, at most what it copies:
        // a chunk published later than that makes the replica take the tables again.
        systemLock.lock()
        let at = replication.generation(system)
        systemLock.unlock()
        var made: System?, thrown: Error?
        do {
            made = try replication.make(system, systemLock)
        } catch {
            thrown = error
        }
        condition.lock()
        making -= 1
        replicas[r] = made
        synchronizedAt[r] = at
        if let thrown, failure == nil { failure = thrown }
        if searchWaits || idle > 0 { condition.broadcast() }
    }

    @inlinable
    func work(_ r: Int) {
        condition.lock()
        makeReplica(r)
        if r == 1 && replicas[r] != nil {
            makeReplica(0)
        }
        while !stopping && replicas[r] != nil {
            guard let c = nextChunk(for: r) else {
                idle += 1
                condition.wait()
                idle -= 1
                continue
            }
            let chunk = published[c]!, replica = replicas[r]!
            let reused = reusedChunk(for: r), stale = chunk.generation > synchronizedAt[r]
            condition.unlock()
            let done = expand(chunk, on: r, replica, stale: stale, into: reused)
            condition.lock()
            results[c] = done
            producers[c] = r
            busy[r] = false
            if searchWaits { condition.broadcast() }
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The system's tables again for replica `r`, with `condition` not held.
    @inlinable
    func synchronize(_ r: Int, _ replica: System) {
        systemLock.lock()
        replication.synchronize(replica, system)
        let now = replication.generation(system)
        systemLock.unlock()
        condition.lock()
        synchronizedAt[r] = now
        condition.unlock()
    }

    /// `published` expanded on replica `r`, in the buffers of `chunk`, with `condition` not
    /// held; `stale` when the system had more than the replica took when it was published:
    /// its states may name what the replica lacks, so the replica first takes the tables.
    ///
    /// The chunk's arrays are filled as locals, and a successor's state is moved out of
    /// its array for the calls that key it: no reference is copied per successor (each
    /// copy an atomic increment and decrement, which waits for the encodings' stores;
    /// about 2% of a two-thread search's work when this loop made four a successor).
    @inlinable
    func expand(_ published: Published, on r: Int, _ replica: System, stale: Bool, into chunk: Chunk) -> Chunk {
        let frontier = published.queue
        if stale { synchronize(r, replica) }
        chunk.clear()
        var entries: [Expanded] = [], steps: [Step] = [], findings: [[System.Finding]] = [], keys: [Key] = []
        var words: [UInt32] = [], ends: [Int] = [], restarts: [Bool] = [], givenBack: [PackedState] = []
        func exchange() {
            swap(&entries, &chunk.entries)
            swap(&steps, &chunk.steps)
            swap(&findings, &chunk.findings)
            swap(&keys, &chunk.keys)
            swap(&words, &chunk.words)
            swap(&ends, &chunk.ends)
            swap(&restarts, &chunk.restarts)
            swap(&givenBack, &chunk.givenBack)
        }
        exchange()
        entries.reserveCapacity(frontier.count)
        var state: PackedState = [], taken: PackedState = [], held: PackedState = []
        var successors: [Successor<System.Finding>] = [], spare: [Successor<System.Finding>] = []
        var cursor = StateQueue.Cursor(), k = 0, end = 0
        // The last successor encoded, which the next is encoded against (see `Chunk`), and
        // how many are chained since the last restart: a chain restarts every
        // `LevelExpander.chainLength` successors, so that the search may end a chunk of
        // the next level there.
        var previous: PackedState = [], chained = 0
        // The replica's generation when the state starts: where the last one ended.
        var before = replication.generation(replica)
        while let id = frontier.read(&cursor, into: &state) {
            guard id != StateQueue.link else { continue }
            var entry = Expanded(id: id, first: ends.count)
            let stepsBefore = steps.count, findingsBefore = findings.count, endBefore = end
            if let expansion = try? PersistentSet.expand(
                state, of: replica, preferring: partialOrderReduction ? Int(published.movedLast[k]) : -1,
                reduce: partialOrderReduction, into: &successors, spare: &spare) {
                entry.expansion = expansion
                let process = expansion.process
                // Each successor taken is moved out of its array while it is keyed and encoded,
                // and the one before it (`held`, from `successors[heldAt]`) until then.
                var heldAt = -1
                for j in successors.indices where PersistentSet.takes(successors[j], of: process) {
                    swap(&taken, &successors[j].state)
                    keys.append(Visited.key(of: symmetry ? replica.canonicalRepresentative(of: taken) : taken))
                    let restart = chained == 0
                    if restart {
                        end = frontier.encode(taken, against: nil, into: &words, at: end)
                    } else if heldAt < 0 {
                        end = frontier.encode(taken, against: previous, into: &words, at: end)
                    } else {
                        end = frontier.encode(taken, against: held, into: &words, at: end)
                    }
                    ends.append(end)
                    restarts.append(restart)
                    chained = chained == LevelExpander.chainLength ? 0 : chained + 1
                    if heldAt >= 0 { swap(&held, &successors[heldAt].state) }
                    swap(&held, &taken)
                    heldAt = j
                }
                if heldAt >= 0 {
                    swap(&held, &successors[heldAt].state)
                    // The last one encoded is kept for the next, and the one kept before recycled.
                    swap(&previous, &successors[heldAt].state)
                }
                let start = steps.count
                for i in successors.indices {
                    replica.recycle(&successors[i].state)
                    var found: Int32 = -1
                    if !successors[i].findings.isEmpty {
                        found = Int32(findings.count)
                        findings.append(successors[i].findings)
                    }
                    steps.append(Step(process: Int32(clamping: successors[i].process), findings: found))
                }
                entry.successors = start..<steps.count
                entry.replay = false
            }
            if replication.generation(replica) != before {
                let keep = entry.first
                keys.removeLast(keys.count - keep)
                steps.removeLast(steps.count - stepsBefore)
                findings.removeLast(findings.count - findingsBefore)
                ends.removeLast(ends.count - keep)
                restarts.removeLast(restarts.count - keep)
                end = endBefore
                entry = Expanded(id: id, first: keep)
                // Something new: the system's tables again, between two of its states.
                synchronize(r, replica)
                before = replication.generation(replica)
            }
            if entry.replay {
                // The search expands it itself, and its successors start chains of their own.
                givenBack.append(state)
                chained = 0
            }
            entries.append(entry)
            k += 1
        }
        replica.recycle(&previous)
        exchange()
        return chunk
    }
}
