/// Bounds on the cost of the complete runs from a state (the paths from it to a state
/// without successors), as `PathCostSearch` keeps them for every state: a minimum and a
/// maximum of a sum, the most of a count, any pair of such. Combining runs through a
/// state must need only these two operations, which is what makes one pass enough.
public protocol PathCostBounds {
    associatedtype Cost

    /// No complete run known: the identity of `formUnion` (a state whose every step,
    /// so far, closed a cycle).
    static var unreached: Self { get }
    /// The one run of a state without successors: it ends there and costs nothing.
    static var finished: Self { get }
    /// Adds the runs `other` bounds.
    mutating func formUnion(_ other: Self)
    /// The runs `self` bounds, each after a first step costing `cost`. `unreached` must
    /// stay `unreached`.
    func prefixed(by cost: Cost) -> Self
}

/// Bounds on the cost of every complete run of a system, from any initial state.
public struct PathCostResult<Bounds> {
    /// `Bounds.unreached` when no run ends (every one loops).
    public var bounds: Bounds
    /// Distinct states reached.
    public var states: Int
    /// The state graph had a cycle: the steps closing one were left out, so `bounds`
    /// covers only the runs that visit no state twice.
    public var cyclic: Bool

    @usableFromInline
    init(bounds: Bounds, states: Int, cyclic: Bool) {
        self.bounds = bounds
        self.states = states
        self.cyclic = cyclic
    }
}

/// Dynamic programming over the state graph: an iterative depth-first search in which
/// each state, once all its successors are done, gets the bounds of the runs from it to
/// the end. Each state is expanded once; a state costs its fingerprint, one `Bounds` and
/// a flag, plus its edges while it is on the stack. Fingerprints are not exact: two
/// states that collide share their bounds (see `Fingerprint.collisionProbability`).
public struct PathCostSearch<System: CostedTransitionSystem, Bounds: PathCostBounds> where Bounds.Cost == System.Cost {
    public var system: System

    public init(system: System, bounds: Bounds.Type = Bounds.self) {
        self.system = system
    }

    /// A state on the depth-first stack: its steps, the next one to follow, and the
    /// runs through the steps already followed.
    @usableFromInline
    struct Frame {
        @usableFromInline var state: Int32
        @usableFromInline var edges: [CostedEdge<Bounds.Cost>]
        @usableFromInline var next = 0
        @usableFromInline var runs = Bounds.unreached

        @usableFromInline
        init(state: Int32, edges: [CostedEdge<Bounds.Cost>]) {
            self.state = state
            self.edges = edges
        }
    }

    // Inlinable, as the searches are, so it is specialized for the concrete system.
    @inlinable
    public func run() throws -> PathCostResult<Bounds> {
        var index: [Fingerprint: Int32] = [:]
        var bounds: [Bounds] = []
        var onStack: [Bool] = []
        var cyclic = false

        var stack: [Frame] = []
        // A virtual root over the initial states: its bounds are the answer.
        var root = Bounds.unreached

        func push(_ s: PackedState) throws {
            let i = Int32(bounds.count)
            index[Fingerprint(s)] = i
            bounds.append(.unreached)
            onStack.append(true)
            stack.append(Frame(state: i, edges: try system.edges(of: s)))
        }

        for initial in try system.initialStates() {
            if let known = index[Fingerprint(initial)] {
                root.formUnion(bounds[Int(known)])
                continue
            }
            try push(initial)
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].edges.count {
                    let edge = stack[top].edges[stack[top].next]
                    stack[top].next += 1
                    if let known = index[Fingerprint(edge.state)] {
                        if onStack[Int(known)] {
                            cyclic = true
                        } else {
                            stack[top].runs.formUnion(bounds[Int(known)].prefixed(by: edge.cost))
                        }
                    } else {
                        try push(edge.state)
                    }
                    continue
                }
                let done = stack.removeLast()
                let result = done.edges.isEmpty ? Bounds.finished : done.runs
                bounds[Int(done.state)] = result
                onStack[Int(done.state)] = false
                if let parent = stack.indices.last {
                    let edge = stack[parent].edges[stack[parent].next - 1]
                    stack[parent].runs.formUnion(result.prefixed(by: edge.cost))
                } else {
                    root.formUnion(result)
                }
            }
        }
        return PathCostResult(bounds: root, states: bounds.count, cyclic: cyclic)
    }
}
