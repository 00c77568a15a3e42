import KPExplorer
import KPMachine
import KPProperties

/// A Machine seen by the search as having one property, "some property is violated":
/// the search then stops at the first (shortest) violation of any property, which is
/// all a mutant needs to be killed.
struct MutationSearch: TransitionSystem {
    struct Kill: SearchFinding {
        var violation: Violation
        var propertyKey: Int { 0 }
        var stopsPath: Bool { violation.stopsPath }
    }

    /// Reused between calls, so each expansion costs no new buffer.
    private final class Scratch { var successors: [Successor<Violation>] = [] }

    let machine: Machine
    /// Properties that apply to the configuration; findings of the others are dropped, as `CheckJob` does.
    let applicable: Set<Property>
    private let scratch = Scratch()

    init(machine: Machine) {
        self.machine = machine
        applicable = Set(Property.allCases.filter { $0.applies(to: machine.config) })
    }

    func initialStates() throws -> [PackedState] { try machine.initialStates() }

    func successors(of state: PackedState, into successors: inout [Successor<Kill>]) throws {
        for c in 0..<machine.config.cpus { try self.successors(of: state, process: c, into: &successors) }
    }

    var processCount: Int { machine.processCount }

    func successors(of state: PackedState, process: Int, into successors: inout [Successor<Kill>]) throws {
        scratch.successors.removeAll(keepingCapacity: true)
        try machine.successors(of: state, process: process, into: &scratch.successors)
        for s in scratch.successors {
            successors.append(Successor(state: s.state, findings: s.findings.filter { applicable.contains($0.property) }.map(Kill.init),
                                        process: s.process, local: s.local))
        }
    }

    func canonicalRepresentative(of state: PackedState) -> PackedState { machine.canonicalRepresentative(of: state) }

    func recycle(_ state: inout PackedState) { machine.recycle(&state) }

    /// The first violation on a shortest path, or nil when every property holds
    /// (or the search stopped at a bound before finding one), searched as `check`
    /// searches the target: with its reductions and storage.
    static func firstViolation(_ machine: Machine, in target: MutationRun.Target) throws -> Violation? {
        var limits = target.limits
        limits.stopWhenFound = [0]
        var search = BreadthFirstSearch(system: MutationSearch(machine: machine), limits: limits)
        search.partialOrderReduction = target.reduction == .partialOrder
        search.symmetry = target.symmetry == .on
        search.exactStates = target.exact
        return try search.run().findings[0]?.finding.violation
    }
}
