import Foundation

/// A system of processes that share nothing but a pool of items one process hands
/// over and another takes: CPUs that share nothing but the tasks waiting to run.
/// Such a system can be explored one process at a time (thread-modular model
/// checking, Flanagan and Qadeer 2003): a *view* is one process's own state, and the
/// pool holds every item any view ever released.
public protocol ModularSystem {
    associatedtype Finding: SearchFinding

    /// One view per process in the initial state, and the items waiting in it.
    func initialViews() throws -> (views: [PackedState], items: [PackedState])
    /// Appends the steps of a view's process; returns whether the process looked for a
    /// waiting item (it must then be offered every item the pool has or will have).
    func steps(of view: PackedState, into steps: inout [ViewStep<Finding>]) throws -> Bool
    /// The view with `item` waiting where its process can take it, or nil when the item
    /// cannot be there (its task is this process's own).
    func offering(_ item: PackedState, to view: PackedState) -> PackedState?
    /// Which items a view that looks for one may take, as channels: it is offered only
    /// the items of its channels (`offering` may still refuse one).
    func channels(ofTaker view: PackedState) -> [Int]
    func channel(ofItem item: PackedState) -> Int
}

public struct ViewStep<Finding: SearchFinding> {
    public var view: PackedState
    public var findings: [Finding]
    /// Items the step handed over to the pool.
    public var released: [PackedState]

    public init(view: PackedState, findings: [Finding], released: [PackedState]) {
        self.view = view
        self.findings = findings
        self.released = released
    }
}

public struct ModularResult<Finding: SearchFinding> {
    public var outcome: SearchOutcome
    public var views: Int
    public var items: Int
    /// Views that took an item, counted once each, and the view × item pairs offered.
    public var takers: Int
    public var offers: Int
    public var transitions: Int
    /// The longest chain of views from an initial one (not a trace length: views of
    /// different processes do not form one execution).
    public var depth: Int
    public var seconds: Double
    /// The first finding of each property key. Without a path: a view need not belong
    /// to a reachable state of the whole system (see `ModularSearch`).
    public var findings: [Int: Finding]
    public var visitedBytesPerState: Double
    public var frontierBytesPerState: Double
    /// How views and items were stored: a collision among either could hide one.
    public var storage: StateStorage

    @usableFromInline
    init(outcome: SearchOutcome, views: Int, items: Int, takers: Int, offers: Int, transitions: Int, depth: Int,
         seconds: Double, findings: [Int: Finding], visitedBytesPerState: Double, frontierBytesPerState: Double,
         storage: StateStorage) {
        self.outcome = outcome
        self.views = views
        self.items = items
        self.takers = takers
        self.offers = offers
        self.transitions = transitions
        self.depth = depth
        self.seconds = seconds
        self.findings = findings
        self.visitedBytesPerState = visitedBytesPerState
        self.frontierBytesPerState = frontierBytesPerState
        self.storage = storage
    }
}

/// Explores every view each process reaches when at any moment it may take any item
/// any process ever released, to a fixpoint of views and items.
///
/// This over-approximates the system: every reachable state of the whole system
/// projects to visited views and pooled items (each process's steps depend only on its
/// view and on the item it takes), but an item may be taken twice or by a process
/// whose state could not coexist with it. So a property no view violates holds; a
/// finding may be spurious and needs a search of the whole system to be confirmed.
public struct ModularSearch<System: ModularSystem> {
    public let system: System
    public var limits: SearchLimits
    public var progress: ((SearchProgress) -> Void)?
    /// Keep every view and item instead of its fingerprint (see `StateSet`). The system
    /// must not key anything else by fingerprint either (the machine's step summaries).
    public var exactStates = false

    public init(system: System, limits: SearchLimits = SearchLimits()) {
        self.system = system
        self.limits = limits
    }

    // Inlinable, as `BreadthFirstSearch.run` is, so it is specialized for the concrete
    // system: a generic search across the module boundary spends its time looking up
    // type metadata (about 5% of a modular search of `any`).
    @inlinable
    public func run() throws -> ModularResult<System.Finding> {
        exactStates ? try run(TreeStateSet.self) : try run(VisitedSet.self)
    }

    @inlinable
    func run<Visited: StateSet>(_: Visited.Type) throws -> ModularResult<System.Finding> {
        let start = Date()
        let (initial, initialItems) = try system.initialViews()
        guard let reference = initial.first else {
            return ModularResult(outcome: .complete, views: 0, items: 0, takers: 0, offers: 0, transitions: 0, depth: 0,
                                 seconds: 0, findings: [:], visitedBytesPerState: 0, frontierBytesPerState: 0,
                                 storage: StateStorage(exact: Visited.isExact, collisionProbability: 0))
        }
        var visited = Visited(reference: reference)
        // Items differ in width (a task's words), and every one is kept in `items` anyway:
        // exact, they are their own keys.
        var itemSet = VisitedSet(capacity: 1 << 10), exactItems = StateKeySet(exact: true)
        func isNew(_ item: PackedState) -> Bool {
            Visited.isExact ? exactItems.insert(item) : itemSet.insert(key: Fingerprint(item)).inserted
        }
        var items: [PackedState] = []
        /// Items and takers by channel, as indices into `items` and `takers`.
        var itemsOn: [Int: [Int]] = [:], takersOn: [Int: [Int]] = [:]
        /// Items whose offers to the takers known when they arrived are still to be made,
        /// with how many takers that was: later takers get every item when they register.
        var pendingItems: [(item: Int, takers: Int)] = []
        var takers: [PackedState] = []
        var queue = StateQueue(reference: reference, sequential: true)
        var next = StateQueue(reference: reference, sequential: true)
        var findings: [Int: System.Finding] = [:]
        var transitions = 0, offers = 0, depth = 0, largestLevel = 0, largestLevelBytes = 0
        var outcome = SearchOutcome.complete
        var steps: [ViewStep<System.Finding>] = []

        func over() -> String? {
            if visited.count + items.count >= limits.maxStates {
                return "the state bound (\(limits.maxStates) views and items) was reached"
            }
            let bytes = visited.memoryBytes + queue.memoryBytes + next.memoryBytes
                + takers.count * reference.count * 4 + items.count * 64
            if bytes > limits.maxMemoryBytes { return "the memory bound (\(limits.maxMemoryBytes >> 20) MiB) was reached" }
            return nil
        }
        func record(_ steps: [ViewStep<System.Finding>]) {
            transitions += steps.count
            for step in steps {
                for f in step.findings where findings[f.propertyKey] == nil { findings[f.propertyKey] = f }
                for item in step.released where isNew(item) {
                    items.append(item)
                    itemsOn[system.channel(ofItem: item), default: []].append(items.count - 1)
                    pendingItems.append((items.count - 1, takers.count))
                }
                // A fault ends the execution: nothing runs on from it. (A closure, not
                // `\.stopsPath`: in generic code a key path is built at run time, per call.)
                if step.findings.contains(where: { $0.stopsPath }) { continue }
                let (id, inserted) = visited.insert(step.view)
                if inserted { next.append(id: id, step.view) }
            }
        }
        /// Expands a view; one that looks for waiting items becomes a taker, offered every item.
        func expand(_ view: PackedState, register: Bool) throws {
            steps.removeAll(keepingCapacity: true)
            let takes = try system.steps(of: view, into: &steps)
            record(steps)
            guard register, takes else { return }
            takers.append(view)
            for channel in system.channels(ofTaker: view) {
                takersOn[channel, default: []].append(takers.count - 1)
                for item in itemsOn[channel] ?? [] { try offer(items[item], to: view) }
            }
        }
        func offer(_ item: PackedState, to view: PackedState) throws {
            guard let offered = system.offering(item, to: view) else { return }
            offers += 1
            try expand(offered, register: false)
        }

        for item in initialItems where isNew(item) {
            items.append(item)
            itemsOn[system.channel(ofItem: item), default: []].append(items.count - 1)
        }
        for view in initial {
            let (id, inserted) = visited.insert(view)
            if inserted { queue.append(id: id, view) }
        }
        var view = reference
        search: while true {
            while queue.next(into: &view) != nil {
                try expand(view, register: true)
                if let why = over() { outcome = .boundHit(why); break search }
                if !limits.stopWhenFound.isEmpty && limits.stopWhenFound.isSubset(of: findings.keys) {
                    outcome = .allFound
                    break search
                }
            }
            // The level is done: offer the items that arrived during it to the takers
            // that were known then.
            while let (item, known) = pendingItems.popLast() {
                for taker in takersOn[system.channel(ofItem: items[item])] ?? [] where taker < known {
                    try offer(items[item], to: takers[taker])
                }
                if let why = over() { outcome = .boundHit(why); break search }
            }
            if next.count > largestLevel { (largestLevel, largestLevelBytes) = (next.count, next.memoryBytes) }
            if next.isEmpty { break }
            depth += 1
            swap(&queue, &next)
            next.removeAll()
            progress?(SearchProgress(states: visited.count + items.count, transitions: transitions, depth: depth,
                                     seconds: Date().timeIntervalSince(start)))
        }
        let total = max(1, visited.count + items.count)
        // Views and items are two sets: a collision in either (a union bound).
        let storage = StateStorage(exact: Visited.isExact, collisionProbability: visited.collisionProbability)
            .combined(with: StateStorage(exact: Visited.isExact, collisionProbability: itemSet.collisionProbability))
        return ModularResult(outcome: outcome, views: visited.count, items: items.count, takers: takers.count,
                             offers: offers, transitions: transitions, depth: depth,
                             seconds: Date().timeIntervalSince(start), findings: findings,
                             visitedBytesPerState: Double(visited.memoryBytes + itemSet.memoryBytes + exactItems.memoryBytes)
                                 / Double(total),
                             frontierBytesPerState: Double(largestLevelBytes) / Double(max(1, largestLevel)),
                             storage: storage)
    }
}
