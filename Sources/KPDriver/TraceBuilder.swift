import KPExplorer
import KPIR
import KPMachine
import KPReport

/// Turns a path of successor indices into trace steps by re-executing it.
enum TraceBuilder {
    static func steps(of path: [UInt32], on machine: Machine) throws -> [TraceStep] {
        guard let first = path.first else { return [] }
        var state = try machine.initialStates()[Int(first)]
        var steps: [TraceStep] = []
        for choice in path.dropFirst() {
            let transitions = try machine.transitions(of: state)
            guard Int(choice) < transitions.count else { throw DiagnosticError(DriverError.traceDoesNotFit) }
            let t = transitions[Int(choice)]
            steps.append(step(t, number: steps.count + 1, on: machine))
            state = t.state
        }
        return steps
    }

    static func step(_ t: Transition, number: Int, on machine: Machine) -> TraceStep {
        TraceStep(step: number, cpu: t.cpu, task: machine.taskName(t.task), context: t.context,
                  location: t.location.description, function: t.function, action: t.action,
                  por: machine.renderPOR(machine.por(in: t.state, cpu: t.cpu)),
                  eff: machine.eff(in: t.state, cpu: t.cpu).map(machine.renderPOR),
                  flags: machine.flags(in: t.state, task: t.task),
                  violations: t.violations.map { "\($0.property.name): \($0.message)" })
    }
}
