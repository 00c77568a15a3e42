import KPProperties

/// What a check found, as data: the reports render it, the JSON output is it.
public enum Status: String, Codable, Sendable {
    case holds, violated, incomplete, unknown
    case notApplicable = "n/a"
}

/// One step of a counterexample: what one CPU did, and the machine right after it.
public struct TraceStep: Codable, Sendable, Equatable {
    public var step: Int
    public var cpu: Int
    public var task: String
    public var context: String
    public var location: String
    public var function: String
    /// What the step did; the reports show its words (`text`).
    public var action: Action
    /// POR_EL1 after the step, as a kpkeys context when pkeys 0 and 1 say which.
    public var por: String
    /// The values a permission check may use after the step.
    public var eff: [String]
    /// Thread flags set on the stepping task after the step.
    public var flags: [String]
    /// Property violations seen on this step.
    public var violations: [String]

    public init(step: Int, cpu: Int, task: String, context: String, location: String, function: String,
                action: Action, por: String, eff: [String], flags: [String], violations: [String]) {
        self.step = step
        self.cpu = cpu
        self.task = task
        self.context = context
        self.location = location
        self.function = function
        self.action = action
        self.por = por
        self.eff = eff
        self.flags = flags
        self.violations = violations
    }

    enum CodingKeys: String, CodingKey {
        case step, cpu, task, context, location, function, action, por, eff, flags, violations
    }

    /// The action is written as its words, as the reports' JSON schema has it, and read
    /// back from them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(step: try c.decode(Int.self, forKey: .step), cpu: try c.decode(Int.self, forKey: .cpu),
                  task: try c.decode(String.self, forKey: .task), context: try c.decode(String.self, forKey: .context),
                  location: try c.decode(String.self, forKey: .location),
                  function: try c.decode(String.self, forKey: .function),
                  action: Action(text: try c.decode(String.self, forKey: .action)),
                  por: try c.decode(String.self, forKey: .por), eff: try c.decode([String].self, forKey: .eff),
                  flags: try c.decode([String].self, forKey: .flags),
                  violations: try c.decode([String].self, forKey: .violations))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(cpu, forKey: .cpu)
        try c.encode(task, forKey: .task)
        try c.encode(context, forKey: .context)
        try c.encode(location, forKey: .location)
        try c.encode(function, forKey: .function)
        try c.encode(action.text, forKey: .action)
        try c.encode(por, forKey: .por)
        try c.encode(eff, forKey: .eff)
        try c.encode(flags, forKey: .flags)
        try c.encode(violations, forKey: .violations)
    }
}

/// A verdict for one variant × scenario × property (under one set of options).
public struct CheckResult: Codable, Sendable {
    public var variant: String
    public var scenario: String
    public var options: [String: String]
    public var property: String
    public var status: Status
    /// For a violation: what went wrong and where.
    public var message: String?
    public var location: String?
    public var trace: [TraceStep]?
    /// The verdict the variant's manifest expects (default job only).
    public var expected: Status?
    /// The job's index in the unsharded run's order (sharded reports only), by which
    /// `merge` puts the shards' rows back in that order.
    public var job: Int?

    public init(variant: String, scenario: String, options: [String: String], property: String, status: Status,
                message: String? = nil, location: String? = nil, trace: [TraceStep]? = nil, expected: Status? = nil) {
        self.variant = variant
        self.scenario = scenario
        self.options = options
        self.property = property
        self.status = status
        self.message = message
        self.location = location
        self.trace = trace
        self.expected = expected
    }

    public var asExpected: Bool { expected.map { $0 == status } ?? true }
}

/// Exploration figures and costs for one variant × scenario.
public struct MetricsRow: Codable, Sendable {
    public var variant: String
    public var scenario: String
    public var options: [String: String]
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double
    /// Counted on the canonical schedule: one CPU, tasks in order, no interrupts.
    public var isb: Int
    public var dsb: Int
    public var porWrites: Int
    public var exposure: Int
    public var outcome: String
    /// What a proof covers: CPUs, tasks, interrupts, nesting, preemption, parameters.
    public var bounds: String?
    /// The probability that two distinct states shared a fingerprint, so that one was
    /// never explored (the birthday bound over the states counted); 0 when `exact`.
    public var collisionProbability: Double
    /// States were stored whole (`--exact`), not as fingerprints: no collision possible.
    public var exact: Bool
    /// The job's index in the unsharded run's order (sharded reports only).
    public var job: Int?

    public init(variant: String, scenario: String, options: [String: String], states: Int, transitions: Int,
                depth: Int, seconds: Double, isb: Int, dsb: Int, porWrites: Int, exposure: Int, outcome: String,
                bounds: String? = nil, collisionProbability: Double, exact: Bool) {
        self.variant = variant
        self.scenario = scenario
        self.options = options
        self.states = states
        self.transitions = transitions
        self.depth = depth
        self.seconds = seconds
        self.isb = isb
        self.dsb = dsb
        self.porWrites = porWrites
        self.exposure = exposure
        self.outcome = outcome
        self.bounds = bounds
        self.collisionProbability = collisionProbability
        self.exact = exact
    }

    enum CodingKeys: String, CodingKey {
        case variant, scenario, options, states, transitions, depth, seconds, isb, dsb, outcome, exposure, bounds, exact, job
        case porWrites = "por_writes"
        case collisionProbability = "collision_probability"
    }
}

/// 0.2.0: sharded JSON reports (`shard`, and `job` in each row).
public let kpcheckVersion = "0.2.0"

/// Everything a run produced: the JSON output is this, with the keys of DESIGN.md §6.
public struct Report: Codable, Sendable {
    public var tool = "kpcheck"
    public var version: String
    public var results: [CheckResult]
    public var metrics: [MetricsRow]
    /// Which share of the run this report holds (`--shard i/n`); absent for a whole run.
    public var shard: ShardRecord?

    public init(version: String, results: [CheckResult], metrics: [MetricsRow], shard: ShardRecord? = nil) {
        self.version = version
        self.results = results
        self.metrics = metrics
        self.shard = shard
    }
}

/// A sharded report's account of itself: shard `index` of `count` of a run of `jobs`
/// jobs, and what decided that run's jobs (`command` and its `settings`), so `merge`
/// can refuse shards of different runs.
public struct ShardRecord: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int
    /// `run` (the default job), `check`, `compare` or `mutate`.
    public var command: String
    /// Jobs in the unsharded run.
    public var jobs: Int
    public var settings: [String: String]

    public init(index: Int, count: Int, command: String, jobs: Int, settings: [String: String]) {
        self.index = index
        self.count = count
        self.command = command
        self.jobs = jobs
        self.settings = settings
    }
}
