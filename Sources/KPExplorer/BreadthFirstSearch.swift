import Foundation

/// Breadth-first search: levels in order, so the first violation of a property found
/// has a shortest trace (in the graph searched: with partial-order reduction, a
/// shortest one among the interleavings kept). Deterministic: same counts whatever
/// the run.
public struct BreadthFirstSearch<System: TransitionSystem> {
    public var system: System
    public var limits: SearchLimits
    /// Explore persistent sets only (see `PersistentSet`), with its cycle proviso.
    public var partialOrderReduction = false
    /// With the reduction, a violation may be met along a longer interleaving than
    /// needed; a full search bounded by the depth of the deepest one then finds the
    /// shortest trace of each (a full search that stops at a bound keeps the reduced one).
    public var shortestTraces = true
    /// Keep every state (`TreeStateSet`) instead of its fingerprint (`VisitedSet`): same
    /// states and verdicts, more memory, no collision that could hide a state.
    public var exactStates = false
    /// Identify states by their orbit under the system's symmetries
    /// (`TransitionSystem.canonicalRepresentative`). The frontier keeps the state first
    /// reached of each orbit, so traces are still real executions, and shortest: a
    /// renaming maps a path to a path of the same length.
    public var symmetry = false
    public var progress: ((SearchProgress) -> Void)?
    public var progressInterval = 200_000
    /// Threads that expand each level (see `LevelExpander`): with 1, or without
    /// `replication`, the search runs on the calling thread alone. Counts, findings and
    /// traces are the same for every number.
    public var threads = 1
    /// How to make replicas of the system for the other threads.
    public var replication: Replication<System>?
    /// States per chunk a thread claims (see `LevelExpander`): fewer hand-overs
    /// between threads against a longer wait at the end of a level. 256 was the fastest
    /// of 64, 256, 1,024 and 4,096 on vmalloc-2x2. A chunk ends where a chain of records
    /// restarts (see `StateQueue`), so it may hold a chain's length more (128 successors:
    /// `LevelExpander.chainLength`).
    ///
    /// A level too small to give every thread four chunks of this size is cut into four a
    /// thread (of `minimumChunk` states at least), sized from the level before it: in the
    /// first and last levels of vmalloc-2x2 (a few hundred to two thousand states), a
    /// level of two or three chunks waited for the one a worker took, since the search
    /// follows chunks in order. Two-thread searches took about 1% less time (least and
    /// 25th percentile of 31 and 11 alternating runs: reset false 139.7 -> 139.4 and 142.8
    /// -> 141.7 ms, reset true 339.6 -> 335.7 and 344.5 -> 338.9 ms; cut by eight with a
    /// floor of 64 or by sixteen, no better). A level after one of fewer than four minimum
    /// chunks is cut at this size, so that a small level stays one chunk, the search's own
    /// (see `LevelExpander`). Where chunks end changes no count, id or trace (tests), only
    /// who expands what.
    public var chunkSize = 256
    /// The least states per chunk in a small level (see `chunkSize`).
    public var minimumChunk = 32
    /// For tests: every chunk is expanded on a replica, on the search's own thread, so a
    /// replica's answers are taken wherever it gives them, in an order that never varies;
    /// and as far ahead as the window lets a worker run, into the next level.
    public var replicasTakeEveryChunk = false

    public init(system: System, limits: SearchLimits = SearchLimits()) {
        self.system = system
        self.limits = limits
    }

    // Inlinable so it is specialized for the concrete system: a generic search
    // across the module boundary spends its time looking up type metadata.
    @inlinable
    public func run() throws -> SearchResult<System.Finding> {
        var result = try explore()
        guard partialOrderReduction, shortestTraces,
              let deepest = result.findings.values.map({ $0.path.count - 1 }).max() else { return result }
        var full = self
        full.partialOrderReduction = false
        full.progress = nil
        full.limits.maxDepth = deepest
        full.limits.stopWhenFound = Set(result.findings.keys)
        for (key, violation) in try full.explore().findings
        where violation.path.count < result.findings[key]?.path.count ?? 0 {
            result.findings[key] = violation
        }
        return result
    }

    @inlinable
    func canonical(_ state: PackedState) -> PackedState {
        symmetry ? system.canonicalRepresentative(of: state) : state
    }

    @inlinable
    func explore() throws -> SearchResult<System.Finding> {
        exactStates ? try explore(TreeStateSet.self) : try explore(VisitedSet.self)
    }

    @inlinable
    func explore<Visited: StateSet>(_: Visited.Type) throws -> SearchResult<System.Finding> {
        let start = Date()
        // Parent links: for state i, the state it was first reached from and the
        // successor index taken. Initial states have parent UInt32.max.
        var parents: [UInt32] = []
        var choices: [UInt32] = []
        // With the reduction: the process whose step first reached each state (it keeps
        // moving while it can), and the explored edges for the cycle proviso.
        var movedLast: [Int8] = []
        var graph = ReducedGraph()
        var findings: [Int: FoundViolation<System.Finding>] = [:]
        var transitions = 0, terminal = 0, depth = 0, reduced = 0, onReplicas = 0, givenBack = 0
        var outcome = SearchOutcome.complete
        var largestLevel = (bytes: 0, states: 0)

        let initial = try system.initialStates()
        guard let reference = initial.first else {
            return SearchResult(outcome: .complete, states: 0, transitions: 0, depth: 0, seconds: 0,
                                terminalStates: 0, findings: [:], visitedBytesPerState: 0,
                                storage: StateStorage(exact: Visited.isExact, collisionProbability: 0))
        }
        var visited = Visited(reference: reference)
        let expander = threads > 1 || replicasTakeEveryChunk ? try replication.flatMap {
            try LevelExpander<System, Visited>(system: system, replication: $0, threads: threads, symmetry: symmetry,
                                                 partialOrderReduction: partialOrderReduction,
                                                 everyChunkOnReplica: replicasTakeEveryChunk)
        } : nil
        defer { expander?.finish() }
        // On one thread, levels are read in order: each state is stored against the one before.
        // On several, `next` holds the chunk being filled: the frontier is the chunks published
        // to the expander (`levelChunks` of this level, from number `levelStart`, and
        // `nextChunks` of the next), each a queue of its own, taken back once followed.
        var frontier = StateQueue(reference: reference, sequential: expander == nil)
        var next = StateQueue(reference: reference, sequential: expander == nil)
        var levelStart = 0, levelChunks = 0, nextChunks = 0
        // Bytes of the chunks published and not yet followed, and of the next level's.
        var publishedBytes = 0, nextLevel = (bytes: 0, states: 0)
        var spareQueues: [StateQueue] = []
        // States per chunk of the level being filled (see `chunkSize`).
        var chunkLimit = chunkSize
        /// Publishes `next` as the next chunk of the frontier (threads start on it at once).
        func publishNext(wholeLevel: Bool = false) {
            guard let expander, next.count > 0 else { return }
            let first = movedLast.count - next.count
            expander.publish(next, movedLast: partialOrderReduction ? Array(movedLast[first...]) : [], searchOnly: wholeLevel)
            nextChunks += 1
            publishedBytes += next.memoryBytes
            nextLevel = (nextLevel.bytes + next.memoryBytes, nextLevel.states + next.count)
            // The buffer given back longest ago: its lines are the least likely to be in the
            // cache of the thread that read it (see `LevelExpander.reusedChunk`).
            next = spareQueues.isEmpty ? StateQueue(reference: reference) : spareQueues.removeFirst()
        }
        /// Makes the next level the frontier: true when it is empty.
        func nextLevelStarts() -> Bool {
            if expander != nil {
                // The level after the one starting is cut by this one's size.
                let states = nextLevel.states + next.count
                chunkLimit = states < 4 * minimumChunk ? chunkSize : min(chunkSize, max(minimumChunk, states / (4 * threads)))
                publishNext(wholeLevel: nextChunks == 0)
                levelStart += levelChunks
                levelChunks = nextChunks
                nextChunks = 0
                nextLevel = (0, 0)
                return levelChunks == 0
            }
            swap(&frontier, &next)
            next.removeAll()
            return frontier.isEmpty
        }
        // The system is used under its lock wherever threads may copy it (see `LevelExpander`).
        expander?.systemLock.lock()
        for (i, state) in initial.enumerated() {
            let (id, inserted) = visited.insert(canonical(state))
            guard inserted else { continue }
            parents.append(UInt32.max)
            choices.append(UInt32(i))
            movedLast.append(-1)
            next.append(id: id, state)
            if expander != nil, next.count == chunkLimit { publishNext() }
        }
        expander?.systemLock.unlock()
        _ = nextLevelStarts()

        func path(to id: UInt32) -> [UInt32] {
            var reversed: [UInt32] = []
            var current = id
            while true {
                reversed.append(choices[Int(current)])
                let parent = parents[Int(current)]
                if parent == UInt32.max { break }
                current = parent
            }
            return reversed.reversed()
        }

        /// Follows one transition out of `id`; true when the search must stop. Given the
        /// visited set's `key` and the queue's `encoded` form of the successor (computed on
        /// another thread, in a chain: see `LevelExpander.Chunk`), its state is not used,
        /// and the encoding goes to the next level's queue whatever the successor is: as a
        /// state when it is new, else as a link, which the next record may be encoded against.
        func take(_ successor: Successor<System.Finding>, choice: Int, from id: UInt32, later: Bool) -> Bool {
            take(successor.findings, process: successor.process, state: successor.state, choice: choice, from: id, later: later)
        }

        /// `take` of a successor whose state is `state`, or, given the visited set's `key`,
        /// not needed.
        func take(_ found: [System.Finding], process: Int, state: PackedState?, key: Visited.Key? = nil,
                  encoded: (words: UnsafeBufferPointer<UInt32>, restart: Bool)? = nil,
                  choice: Int, from id: UInt32, later: Bool) -> Bool {
            transitions += 1
            // A chunk of the next level is published where a record starts a chain: before
            // a replica's restart, after a state the search made (the records a replica
            // makes after it restart), and after a replica's whole chunk (`expandLevel`).
            if expander != nil, encoded?.restart == true, next.count >= chunkLimit { publishNext() }
            func linked() {
                if let encoded { next.append(StateQueue.link, encoded: encoded.words, restart: encoded.restart) }
            }
            var stops = false
            for finding in found {
                stops = stops || finding.stopsPath
                if findings[finding.propertyKey] == nil {
                    findings[finding.propertyKey] = FoundViolation(finding: finding, path: path(to: id) + [UInt32(choice)])
                    if !limits.stopWhenFound.isEmpty && limits.stopWhenFound.isSubset(of: findings.keys) {
                        outcome = .allFound
                        return true
                    }
                }
            }
            if stops {
                linked()
                return false
            }
            let (newID, inserted) = key.map { visited.insert(key: $0) } ?? visited.insert(canonical(state!))
            if partialOrderReduction {
                if later { graph.addLaterEdge(from: id, to: newID) } else { graph.addEdge(to: newID) }
            }
            guard inserted else {
                linked()
                return false
            }
            parents.append(id)
            choices.append(UInt32(choice))
            movedLast.append(Int8(clamping: process))
            if let encoded {
                next.append(newID, encoded: encoded.words, restart: encoded.restart)
            } else {
                next.append(id: newID, state!)
                if expander != nil, next.count >= chunkLimit { publishNext() }
            }
            if visited.count >= limits.maxStates {
                outcome = .boundHit("--max-states \(limits.maxStates) reached")
                return true
            }
            if visited.memoryBytes + parents.count * 9 + graph.memoryBytes + frontier.memoryBytes + next.memoryBytes
                + publishedBytes > limits.maxMemoryBytes {
                outcome = .boundHit("memory bound of \(limits.maxMemoryBytes >> 20) MiB reached")
                return true
            }
            if let progress, visited.count % progressInterval == 0 {
                progress(SearchProgress(states: visited.count, transitions: transitions, depth: depth + 1,
                                        seconds: Date().timeIntervalSince(start)))
            }
            return false
        }

        /// Counts the expansion of `id` into `count` successors as `expansion` says; the
        /// process whose steps alone it takes, if any.
        func expanded(_ id: UInt32, into count: Int, _ expansion: PersistentSet.Expansion) -> Int? {
            if count == 0 { terminal += 1 }
            let process = expansion.process
            if process != nil { reduced += 1 }
            if partialOrderReduction { graph.expand(id, fully: process == nil) }
            return process
        }

        /// The choice a trace names for successor `index` taken as `expansion` says.
        func choice(_ index: Int, _ expansion: PersistentSet.Expansion) -> Int {
            if case .only(let p) = expansion { return Int(PersistentSet.choice(step: index, of: p)) }
            return index
        }

        /// Follows the transitions out of `id`, found by `successors` as `expansion` says;
        /// true when the search must stop.
        func follow(_ id: UInt32, _ successors: ArraySlice<Successor<System.Finding>>, _ expansion: PersistentSet.Expansion) -> Bool {
            let process = expanded(id, into: successors.count, expansion)
            for index in successors.indices where PersistentSet.takes(successors[index], of: process) {
                if take(successors[index], choice: choice(index - successors.startIndex, expansion), from: id, later: false) {
                    return true
                }
            }
            return false
        }

        /// `follow` of a state another thread expanded (`entry` of a chunk whose `contents`
        /// these are), with the keys and encodings it computed for the successors taken (the
        /// persistent set's, or every one, in order).
        func follow(_ entry: LevelExpander<System, Visited>.Expanded, of chunk: LevelExpander<System, Visited>.Contents) -> Bool {
            let process = expanded(entry.id, into: entry.successors.count, entry.expansion)
            var taken = entry.first
            for index in entry.successors {
                let step = chunk.steps[index]
                if let process, step.process != process { continue }
                if take(step.findings < 0 ? [] : chunk.findings[Int(step.findings)], process: Int(step.process), state: nil,
                        key: chunk.keys[taken], encoded: (chunk.encoded(taken), chunk.restarts[taken]),
                        choice: choice(index - entry.successors.lowerBound, entry.expansion), from: entry.id, later: false) {
                    return true
                }
                taken += 1
            }
            return false
        }

        var successors: [Successor<System.Finding>] = [], spare: [Successor<System.Finding>] = []
        /// Expands `state` (of id `id`) on the system; true when the search must stop.
        func expand(_ id: UInt32, _ state: PackedState) throws -> Bool {
            let expansion = try PersistentSet.expand(
                state, of: system, preferring: partialOrderReduction ? Int(movedLast[Int(id)]) : -1,
                reduce: partialOrderReduction, into: &successors, spare: &spare)
            return follow(id, successors[...], expansion)
        }

        /// The state `route` (an initial state's index, then choices) leads to; each
        /// choice of a step taken alone (`PersistentSet.choice`) is replaced by its index
        /// among all the successors, as traces name steps.
        func replay(_ route: inout [UInt32]) throws -> PackedState {
            var state = initial[Int(route[0])]
            for i in route.indices.dropFirst() {
                successors.removeAll(keepingCapacity: true)
                try system.successors(of: state, into: &successors)
                let index = PersistentSet.resolve(route[i], in: successors)
                route[i] = UInt32(index)
                state = successors[index].state
            }
            return state
        }

        /// Expands the level's chunks on the expander's threads; true when the search must stop.
        func expandLevel(on expander: LevelExpander<System, Visited>) throws -> Bool {
            var state: PackedState = []
            for c in levelStart..<levelStart + levelChunks {
                let (claim, published) = expander.claim(c)
                let chunkStates = published.queue
                switch claim {
                case .yours:
                    // The system's lock is taken state by state: a replica that needs the
                    // system's tables waits for one state, not for the chunk.
                    var cursor = StateQueue.Cursor()
                    while let id = chunkStates.read(&cursor, into: &state) {
                        guard id != StateQueue.link else { continue }
                        expander.systemLock.lock()
                        defer { expander.systemLock.unlock() }
                        if try expand(id, state) { return true }
                    }
                case .expanded(let chunk):
                    visited.prefetch(chunk.keys)
                    var given = 0
                    let stops = try chunk.withContents { contents in
                        for entry in chunk.entries {
                            if entry.replay {
                                givenBack += 1
                                given += 1
                                expander.systemLock.lock()
                                defer { expander.systemLock.unlock() }
                                if try expand(entry.id, chunk.givenBack[given - 1]) { return true }
                            } else {
                                onReplicas += 1
                                if follow(entry, of: contents) { return true }
                            }
                        }
                        return false
                    }
                    if stops { return true }
                    expander.done(with: chunk, number: c)
                    // The replica's chains end with its chunk.
                    if next.count >= chunkLimit { publishNext() }
                }
                publishedBytes -= chunkStates.memoryBytes
                // Its buffer for a chunk of a later level (the last reference to it).
                var emptied = consume published
                emptied.queue.removeAll()
                spareQueues.append(emptied.queue)
            }
            return false
        }

        var state: PackedState = []
        var provisoExpansions = 0
        search: while true {
            while expander == nil ? !frontier.isEmpty : levelChunks > 0 {
                if depth >= limits.maxDepth {
                    outcome = .boundHit("depth bound of \(limits.maxDepth) steps reached")
                    break search
                }
                if let expander {
                    if try expandLevel(on: expander) { break search }
                } else {
                    while let id = frontier.next(into: &state) {
                        if try expand(id, state) { break search }
                    }
                }
                let level = expander == nil ? (bytes: next.memoryBytes, states: next.count)
                    : (bytes: nextLevel.bytes + next.memoryBytes, states: nextLevel.states + next.count)
                if level.bytes > largestLevel.bytes { largestLevel = level }
                if nextLevelStarts() { break }
                depth += 1
            }
            // Cycle proviso: a terminal component of the reduced graph with no fully
            // expanded state may hide other processes' steps; expand one and go on.
            //
            // This loop terminates: every round marks each pending state fully expanded
            // (`markFullyExpanded`, whatever its new steps lead to) and `pending` only
            // ever names states that are not, so the set of fully expanded states grows
            // strictly each round and is bounded by the finite set of reachable states.
            guard partialOrderReduction else { break }
            let pending = graph.statesToExpandFully()
            if pending.isEmpty { break }
            // The system is used here too, while threads may take its tables.
            expander?.systemLock.lock()
            defer { expander?.systemLock.unlock() }
            for id in pending {
                precondition(!graph.isFullyExpanded(id), "the cycle proviso named a fully expanded state")
                graph.markFullyExpanded(id)
                provisoExpansions += 1
                var route = path(to: id)
                let rebuilt = try replay(&route)
                successors.removeAll(keepingCapacity: true)
                try system.successors(of: rebuilt, into: &successors)
                for choice in successors.indices {
                    if take(successors[choice], choice: choice, from: id, later: true) { break search }
                }
            }
            _ = nextLevelStarts()
        }
        // No thread uses the system from here on.
        try expander?.stop()
        // Traces name each step by its index among all the successors of its state.
        for key in findings.keys where findings[key]!.path.contains(where: PersistentSet.namesProcessStep) {
            _ = try replay(&findings[key]!.path)
        }
        let states = visited.count
        var result = SearchResult(
            outcome: outcome, states: states, transitions: transitions, depth: depth,
            seconds: Date().timeIntervalSince(start), terminalStates: terminal, findings: findings,
            visitedBytesPerState: states == 0 ? 0 : Double(visited.memoryBytes + parents.count * 8) / Double(states),
            frontierBytesPerState: largestLevel.states == 0 ? 0 : Double(largestLevel.bytes) / Double(largestLevel.states),
            reducedStates: reduced, provisoExpansions: provisoExpansions,
            storage: StateStorage(exact: Visited.isExact, collisionProbability: visited.collisionProbability))
        result.onReplicas = onReplicas
        result.givenBack = givenBack
        return result
    }
}
