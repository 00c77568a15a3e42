/// The edges of the graph a reduced search explored, kept so the cycle proviso can be
/// checked when the search runs dry: every terminal strongly connected component must
/// hold a fully expanded state (Valmari's condition for safety properties).
///
/// States are expanded in id order, so the edges of state `i` are one run of
/// `targets`, starting at `starts[i]`; edges added later by a full expansion of an
/// older state are kept aside in `later`. 4 bytes an edge, 10 bytes a state.
@usableFromInline
struct ReducedGraph {
    private var starts: [UInt64] = []
    private var targets: [UInt32] = []
    private var later: [Int: [UInt32]] = [:]
    private var fullyExpanded: [Bool] = []

    @usableFromInline init() {}

    @usableFromInline var memoryBytes: Int { starts.count * 9 + targets.count * 4 }

    /// Starts the edges of the next state in id order.
    @usableFromInline
    mutating func expand(_ id: UInt32, fully: Bool) {
        precondition(Int(id) == starts.count, "states must be expanded in id order")
        starts.append(UInt64(targets.count))
        fullyExpanded.append(fully)
    }

    /// An edge from the state `expand` last started.
    @usableFromInline
    mutating func addEdge(to target: UInt32) { targets.append(target) }

    /// A state the cycle proviso expands again, fully: it counts as fully expanded
    /// whether or not its new steps lead anywhere (all of them may end their path at a
    /// fatal finding, so no edge is ever added for it).
    @usableFromInline
    mutating func markFullyExpanded(_ v: UInt32) { fullyExpanded[Int(v)] = true }

    @usableFromInline
    func isFullyExpanded(_ v: UInt32) -> Bool { fullyExpanded[Int(v)] }

    /// An edge from a state expanded again, fully, after the search ran dry.
    @usableFromInline
    mutating func addLaterEdge(from source: UInt32, to target: UInt32) {
        later[Int(source), default: []].append(target)
    }

    /// Where the edges of `v` found in its first expansion end in `targets`.
    private func end(_ v: Int) -> Int { v + 1 < starts.count ? Int(starts[v + 1]) : targets.count }

    /// Most searches never re-expand a state, so `later` is usually empty: no lookup then.
    private func edgeCount(_ v: Int) -> Int {
        end(v) - Int(starts[v]) + (later.isEmpty ? 0 : later[v]?.count ?? 0)
    }

    private func edge(_ v: Int, _ k: Int) -> Int {
        let i = Int(starts[v]) + k, first = end(v)
        return Int(i < first ? targets[i] : later[v]![i - first])
    }

    /// One state (the oldest) of each terminal component without a fully expanded
    /// state: the states to expand fully before the search may stop.
    ///
    /// There is none exactly when every state reaches a fully expanded one (a terminal
    /// component without one reaches nothing else; a state that reaches none reaches a
    /// terminal component, all of whose states reach none). That is the usual outcome,
    /// and it is decided by a few sweeps in decreasing id order, which see most edges
    /// (those into later levels) after their targets: about a tenth of the time of
    /// Tarjan's search, which ran alone at the end of every reduced search (46 ms of a
    /// 1 s vmalloc-2x2 search) and now runs only when some state reaches none.
    @usableFromInline
    func statesToExpandFully() -> [UInt32] {
        everyStateReachesAFullExpansion() ? [] : terminalComponentsWithoutFullExpansion()
    }

    /// Whether every state reaches a fully expanded one: the least fixpoint of "fully
    /// expanded, or an edge to a state that is", by sweeps until one changes nothing
    /// (false after `maxSweeps` sweeps that still changed something: Tarjan decides then).
    func everyStateReachesAFullExpansion(maxSweeps: Int = 4) -> Bool {
        let n = starts.count
        var reaches = fullyExpanded
        var remaining = reaches.reduce(0) { $0 + ($1 ? 0 : 1) }
        if remaining == 0 { return true }
        for _ in 0..<maxSweeps {
            var changed = false
            reaches.withUnsafeMutableBufferPointer { reaches in
                starts.withUnsafeBufferPointer { starts in
                    targets.withUnsafeBufferPointer { targets in
                        for v in stride(from: n - 1, through: 0, by: -1) where !reaches[v] {
                            let end = v + 1 < n ? Int(starts[v + 1]) : targets.count
                            var found = false
                            for i in Int(starts[v])..<end where reaches[Int(targets[i])] {
                                found = true
                                break
                            }
                            if !found, !later.isEmpty, let extra = later[v] { found = extra.contains { reaches[Int($0)] } }
                            if found {
                                reaches[v] = true
                                remaining -= 1
                                changed = true
                            }
                        }
                    }
                }
            }
            if remaining == 0 { return true }
            if !changed { return false }
        }
        return false
    }

    /// `statesToExpandFully` by iterative Tarjan, O(states + edges).
    func terminalComponentsWithoutFullExpansion() -> [UInt32] {
        let n = starts.count
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var component = [Int32](repeating: -1, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int32] = []
        var calls: [(v: Int32, next: Int32)] = []
        var counter: Int32 = 0, components: Int32 = 0
        var result: [UInt32] = []

        func open(_ v: Int) {
            index[v] = counter
            low[v] = counter
            counter += 1
            stack.append(Int32(v))
            onStack[v] = true
            calls.append((Int32(v), 0))
        }
        for root in 0..<n where index[root] < 0 {
            open(root)
            while let top = calls.last {
                let v = Int(top.v)
                if Int(top.next) < edgeCount(v) {
                    calls[calls.count - 1].next += 1
                    let w = edge(v, Int(top.next))
                    if index[w] < 0 { open(w) } else if onStack[w] { low[v] = min(low[v], index[w]) }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last { low[Int(parent.v)] = min(low[Int(parent.v)], low[v]) }
                guard low[v] == index[v] else { continue }
                // Members are popped now; edges leaving the component go to components
                // completed earlier, so it is terminal when no edge leaves it.
                var members: [Int] = []
                while true {
                    let w = Int(stack.removeLast())
                    onStack[w] = false
                    component[w] = components
                    members.append(w)
                    if w == v { break }
                }
                var terminal = true, expanded = false
                for m in members {
                    expanded = expanded || fullyExpanded[m]
                    for k in 0..<edgeCount(m) where component[edge(m, k)] != components { terminal = false }
                }
                if terminal && !expanded { result.append(UInt32(members.min()!)) }
                components += 1
            }
        }
        return result
    }
}
