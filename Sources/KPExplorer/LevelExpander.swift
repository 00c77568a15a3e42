import Foundation

/// How a search makes and uses replicas of its system (`ReplicableTransitionSystem`),
/// as closures, so that the search stays generic over every `TransitionSystem`.
public struct Replication<System> {
    let make: (System) throws -> System?
    let synchronize: (System, System) -> Void
    let generation: (System) -> Int
    let absorb: (System, System) -> Void
}

extension Replication where System: ReplicableTransitionSystem {
    public init() {
        make = { try $0.replica() }
        synchronize = { replica, original in replica.synchronize(with: original) }
        generation = { $0.generation }
        absorb = { original, replica in original.absorb(replica) }
    }
}

/// Expands the states of one BFS level on several threads for `BreadthFirstSearch`:
/// successors and canonical representatives, the bulk of a search's work, while the
/// search's own thread takes them in frontier order and does everything that decides
/// ids and verdicts (the visited set, parent links, findings, the reduced graph).
///
/// The level's states are read in chunks (`StateQueue.chunkStarts`). Worker threads
/// claim chunks in order and expand them on replicas of the system. The search asks for
/// each chunk in order: if no thread claimed it yet, it expands it itself on the
/// system; while it waits for a claimed one, it expands the next unclaimed chunk on a
/// replica of its own. A replica whose `generation` moved on a state gives that state
/// and the rest of its chunk back unexpanded (`replay`), which the search then expands
/// on the system in order, and it claims no more chunks in the level; between levels,
/// replicas are synchronized with the system. So the system does the same work in the
/// same order as on one thread, and counts, traces and ids do not depend on threads.
///
/// Workers run at most `window` chunks ahead of the search, which bounds the memory
/// of expanded chunks not yet taken.
@usableFromInline
final class LevelExpander<System: TransitionSystem, Key>: @unchecked Sendable {
    @usableFromInline
    struct Expanded {
        @usableFromInline var id: UInt32
        /// Where the state starts in the level's queue, to expand it again.
        @usableFromInline var offset: Int
        /// Not expanded: the search expands it on the system.
        @usableFromInline var replay: Bool
        /// The successors, without their states: those are in `encoded`.
        @usableFromInline var successors: [Successor<System.Finding>]
        /// What the visited set keeps of each successor (of its canonical representative,
        /// with symmetry), and the successor as the next level's queue stores it.
        @usableFromInline var keys: [Key]
        @usableFromInline var encoded: [[UInt32]]
    }

    @usableFromInline
    enum Claim {
        case expanded([Expanded])
        /// No thread took the chunk: the search expands it on the system.
        case yours
    }

    private let condition = NSCondition()
    private let system: System
    private let replication: Replication<System>
    private let key: (PackedState) -> Key
    private let symmetry: Bool
    /// Every chunk the search asks for is expanded on its replica (for tests).
    private let everyChunkOnReplica: Bool
    private let window: Int
    /// Replica 0 serves the search's own thread; replica i > 0, worker i.
    private var replicas: [System] = []
    private var synchronizedAt: [Int] = []
    private var dirty: [Bool] = []
    /// Replica i is expanding a chunk (only the search's thread may then change it otherwise).
    private var busy: [Bool] = []
    private var queue: StateQueue?
    private var chunkCount = 0
    private var claimed = 0
    private var current = 0
    private var results: [[Expanded]?] = []
    private var stopping = false
    private var running = 0
    /// Workers waiting for a chunk to claim (a wake-up is a system call: only for them).
    private var idle = 0
    /// The search's thread is waiting for a chunk or for the workers.
    private var searchWaits = false

    /// Nil when the system makes no replicas.
    @usableFromInline
    init?(system: System, replication: Replication<System>, threads: Int, symmetry: Bool,
          key: @escaping (PackedState) -> Key, everyChunkOnReplica: Bool = false) throws {
        self.system = system
        self.replication = replication
        self.key = key
        self.symmetry = symmetry
        self.everyChunkOnReplica = everyChunkOnReplica
        window = 4 * threads
        for _ in 0..<threads {
            guard let replica = try replication.make(system) else { return nil }
            replicas.append(replica)
            synchronizedAt.append(replication.generation(system))
            dirty.append(false)
            busy.append(false)
        }
        running = threads - 1
        for w in 1..<threads {
            let thread = Thread { [self] in work(w) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Starts a level: `frontier` is read, not changed, until `end()`.
    @usableFromInline
    func begin(_ frontier: StateQueue) {
        condition.lock()
        defer { condition.unlock() }
        // No worker is in a chunk between levels: the replicas are free to change.
        let now = replication.generation(system)
        for r in replicas.indices where dirty[r] || synchronizedAt[r] != now { synchronize(r) }
        queue = frontier
        chunkCount = frontier.chunkStarts.count
        claimed = 0
        current = 0
        results = Array(repeating: nil, count: chunkCount)
        condition.broadcast()
    }

    /// Ends a level: all its chunks taken, or the search stopping in it (then after the
    /// chunks being expanded are done, unused).
    @usableFromInline
    func end() {
        condition.lock()
        queue = nil
        while busy.contains(true) {
            searchWaits = true
            condition.wait()
            searchWaits = false
        }
        results = []
        condition.unlock()
    }

    /// Chunk `c` of the level, asked for in order.
    @usableFromInline
    func claim(_ c: Int) -> Claim {
        condition.lock()
        defer { condition.unlock() }
        if current != c {
            current = c
            if idle > 0 { condition.broadcast() }
        }
        while true {
            // The system is between states: a replica that stopped on something new and is
            // not in a chunk can take the system's tables, and claim chunks again.
            var synchronized = false
            for r in replicas.indices where dirty[r] && !busy[r] {
                synchronize(r)
                synchronized = true
            }
            if synchronized && idle > 0 { condition.broadcast() }
            if let done = results[c] {
                results[c] = nil
                return .expanded(done)
            }
            if claimed == c && !everyChunkOnReplica {
                claimed += 1
                return .yours
            }
            if let next = nextChunk(for: 0), let frontier = queue {
                condition.unlock()
                let done = expand(next, of: frontier, on: 0)
                condition.lock()
                store(done, chunk: next, from: 0)
            } else {
                searchWaits = true
                condition.wait()
                searchWaits = false
            }
        }
    }

    /// Stops the workers and gives the system what the replicas recorded on the side.
    @usableFromInline
    func finish() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        queue = nil
        condition.unlock()
        for replica in replicas { replication.absorb(system, replica) }
    }

    /// The next chunk replica `r` may take, claimed; called with the lock held.
    private func nextChunk(for r: Int) -> Int? {
        guard queue != nil, !dirty[r], claimed < chunkCount, claimed < current + window else { return nil }
        claimed += 1
        busy[r] = true
        return claimed - 1
    }

    /// Records replica `r`'s work on chunk `c`; called with the lock held.
    private func store(_ done: (entries: [Expanded], moved: Bool), chunk c: Int, from r: Int) {
        results[c] = done.entries
        busy[r] = false
        if done.moved { dirty[r] = true }
    }

    /// Gives replica `r` the system's tables; called on the search's thread, with the lock
    /// held, while no thread uses the replica.
    private func synchronize(_ r: Int) {
        replication.synchronize(replicas[r], system)
        synchronizedAt[r] = replication.generation(system)
        dirty[r] = false
    }

    private func work(_ r: Int) {
        condition.lock()
        while !stopping {
            guard let c = nextChunk(for: r), let frontier = queue else {
                idle += 1
                condition.wait()
                idle -= 1
                continue
            }
            condition.unlock()
            let done = expand(c, of: frontier, on: r)
            condition.lock()
            store(done, chunk: c, from: r)
            if searchWaits { condition.broadcast() }
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Chunk `c` expanded on replica `r`, with the lock not held.
    /// Whether the replica met something new is returned with the chunk.
    private func expand(_ c: Int, of frontier: StateQueue, on r: Int) -> (entries: [Expanded], moved: Bool) {
        let replica = replicas[r]
        var done: [Expanded] = []
        var state: PackedState = []
        var offset = frontier.chunkStarts[c]
        var moved = false
        for _ in frontier.indices(ofChunk: c) {
            let (id, end) = frontier.read(at: offset, into: &state)
            var entry = Expanded(id: id, offset: offset, replay: true, successors: [], keys: [], encoded: [])
            offset = end
            if !moved {
                let before = replication.generation(replica)
                if (try? replica.successors(of: state, into: &entry.successors)) != nil {
                    entry.keys = entry.successors.map { key(symmetry ? replica.canonicalRepresentative(of: $0.state) : $0.state) }
                    entry.encoded = entry.successors.map { frontier.encoding(of: $0.state) }
                    for i in entry.successors.indices { entry.successors[i].state = [] }
                    entry.replay = false
                }
                if replication.generation(replica) != before {
                    moved = true
                    entry.replay = true
                }
            }
            if entry.replay {
                entry.successors = []
                entry.keys = []
                entry.encoded = []
            }
            done.append(entry)
        }
        return (done, moved)
    }
}
