/// A transition system whose steps have a cost: what `PathCostSearch` and
/// `FirstChoiceWalk` measure, so a cost analysis is written once for every system.
///
/// The cost is whatever the caller adds up (barriers, writes, a flag per step); the
/// algorithms never look inside it, they hand it to the caller's `PathCostBounds` or
/// return it.
public protocol CostedTransitionSystem: TransitionSystem {
    associatedtype Cost

    /// The successors of `state` in the order `successors(of:into:)` gives them (so a
    /// step's index means the same in both), each with what the step to it costs.
    func edges(of state: PackedState) throws -> [CostedEdge<Cost>]
}

/// One step of a `CostedTransitionSystem`: where it goes and what it costs.
public struct CostedEdge<Cost> {
    public var state: PackedState
    public var cost: Cost

    public init(state: PackedState, cost: Cost) {
        self.state = state
        self.cost = cost
    }
}
