/// One run of a system: from its first initial state, always the first step, until a
/// state without successors or a state the walk was in before. A run that never ends
/// is thus cut after one turn of its loop, the step back included. The caller adds up
/// the costs of the steps.
public struct FirstChoiceWalk<System: CostedTransitionSystem> {
    public var system: System

    public init(system: System) {
        self.system = system
    }

    /// The steps taken, in order. O(steps) time and memory (one fingerprint a state).
    public func run() throws -> [CostedEdge<System.Cost>] {
        guard var state = try system.initialStates().first else { return [] }
        var seen: Set<Fingerprint> = [Fingerprint(state)]
        var steps: [CostedEdge<System.Cost>] = []
        while let step = try system.edges(of: state).first {
            steps.append(step)
            state = step.state
            if !seen.insert(Fingerprint(state)).inserted { break }
        }
        return steps
    }
}
