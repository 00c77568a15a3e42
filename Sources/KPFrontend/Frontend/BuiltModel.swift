import KPIR

/// A lowered model, ready for the machine.
public struct BuiltModel: Sendable {
    public var program: Program
    public var options: ResolvedOptions
    public var scenario: ResolvedScenario?
    /// The lines of every file read (model files and manifests), by the path locations use.
    public var sourceFiles: [String: [String]]
    /// What the build let pass but a user should hear of (override definitions nothing uses).
    public var warnings: [BuildWarning] = []
}

/// A scenario's bounds after `--set`, with its entry functions resolved.
public struct ResolvedScenario: Sendable {
    public var name: String
    public var cpus: Int
    /// Index in `Program.functions` of each task's entry function.
    public var taskEntries: [Int]
    public var hardirq: Int?
    public var softirq: Int?
    public var interrupts: Int
    public var irqNesting: Int
    public var preemption: Bool
    public var params: [String: Int]
}
