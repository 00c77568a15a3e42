import KPExplorer

/// What one step costs in synchronization and protection: the figures the canonical
/// cost and the compare command's cost range add up.
public struct StepCost: Equatable, Sendable {
    public var isb = 0, dsb = 0, porWrites = 0
    /// The step was ordinary work done while page tables were writable.
    public var exposed = false

    public init(isb: Int = 0, dsb: Int = 0, porWrites: Int = 0, exposed: Bool = false) {
        self.isb = isb
        self.dsb = dsb
        self.porWrites = porWrites
        self.exposed = exposed
    }
}

extension Machine: CostedTransitionSystem {
    /// The steps as `transitions(of:)` gives them, recording: exposure is only
    /// worked out for a recorded step.
    public func edges(of state: PackedState) throws -> [CostedEdge<StepCost>] {
        try transitions(of: state).map {
            CostedEdge(state: $0.state, cost: StepCost(isb: $0.isb, dsb: $0.dsb, porWrites: $0.porWrites, exposed: $0.exposed))
        }
    }
}
