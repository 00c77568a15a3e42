import KPExplorer
import KPFrontend
import KPIR
import KPMachine
import KPProperties
import KPReport

/// `kpcheck replay`: re-executes a saved trace against the model, step by step, and
/// says whether the violation happens again.
public struct Replayer {
    public enum Outcome {
        /// Every step happened as recorded and the last one violates the property again.
        case confirmed(steps: Int, message: String)
        /// Step `step` could not be taken: no transition matches the recorded one.
        case diverged(step: Int, recorded: TraceStep, reason: String)
        /// The steps all happened but the property held on the last one.
        case notViolated(steps: Int)
    }

    public var root: ModelRoot
    public init(root: ModelRoot) { self.root = root }

    public func replay(_ trace: SavedTrace, extraOverrides: [String], extraSettings: [String: String]) throws -> Outcome {
        guard let property = Property(name: trace.property) else {
            throw DiagnosticError(DriverError.unknownTraceProperty(trace.property))
        }
        let variant = try root.variant(trace.variant)
        let scenario = try root.scenario(trace.scenario)
        var settings = trace.settings.merging(trace.options) { a, _ in a }
        settings.merge(extraSettings) { _, b in b }
        let options = OptionMatrix.points(of: variant, settings: settings).first ?? [:]
        let job = CheckJob(variant: variant, scenario: scenario, options: options,
                           settings: CheckSettings(overrides: trace.overrides + extraOverrides, settings: settings))
        let machine = try Machine(config: try job.machineConfig(try job.build()))

        guard let first = trace.path.first, Int(first) < (try machine.initialStates()).count else {
            return .diverged(step: 0, recorded: trace.steps.first ?? TraceStep(step: 0, cpu: 0, task: "", context: "",
                location: "", function: "", action: .worded(""), por: "", eff: [], flags: [], violations: []),
                reason: "the trace has no initial state")
        }
        var state = try machine.initialStates()[Int(first)]
        var last: Transition?
        for (i, recorded) in trace.steps.enumerated() {
            let transitions = try machine.transitions(of: state)
            let hint = i + 1 < trace.path.count ? Int(trace.path[i + 1]) : -1
            // A step is the same step if it has the same structure: which CPU, which task,
            // in which function, at which source location. The recorded index picks among
            // steps of one structure; failing that, the recorded action does.
            let sameStep = { (t: Transition) in
                t.cpu == recorded.cpu && t.location.description == recorded.location
                    && t.function == recorded.function && machine.taskName(t.task) == recorded.task
            }
            let candidates = transitions.indices.filter { sameStep(transitions[$0]) }
            let taken: Transition
            if candidates.contains(hint) {
                taken = transitions[hint]
            } else if candidates.count == 1 {
                taken = transitions[candidates[0]]
            } else if let same = candidates.first(where: { transitions[$0].action == trace.action(ofStep: i) }) {
                taken = transitions[same]
            } else {
                let options = transitions.prefix(6).map { "cpu\($0.cpu) \($0.location) \($0.action.text)" }
                return .diverged(step: recorded.step, recorded: recorded,
                                 reason: candidates.isEmpty
                                    ? "no transition does this; the model can do: " + options.joined(separator: " | ")
                                    : "\(candidates.count) transitions do this and none is the one recorded: "
                                        + options.joined(separator: " | "))
            }
            state = taken.state
            last = taken
        }
        if let v = last?.violations.first(where: { $0.property == property }) {
            return .confirmed(steps: trace.steps.count, message: v.message)
        }
        return .notViolated(steps: trace.steps.count)
    }
}
