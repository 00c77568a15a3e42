/// A counterexample as `--trace-out` writes it and `kpcheck replay` reads it: enough
/// to rebuild the model and re-execute every step.
public struct SavedTrace: Codable {
    public var tool = "kpcheck"
    public var variant: String
    public var scenario: String
    public var options: [String: String]
    public var overrides: [String]
    public var settings: [String: String]
    public var property: String
    public var message: String
    /// Index of the successor taken at each step (the first entry picks the initial state).
    public var path: [UInt32]
    public var steps: [TraceStep]

    public var fileName: String {
        let opts = options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ",")
        let base = [variant, scenario, property] + (opts.isEmpty ? [] : [opts])
        let safe = base.joined(separator: "__").map { $0.isLetter || $0.isNumber || "-_=,.".contains($0) ? $0 : "_" }
        return String(safe) + ".json"
    }

    public init(variant: String, scenario: String, options: [String: String], overrides: [String],
                settings: [String: String], property: String, message: String, path: [UInt32], steps: [TraceStep]) {
        self.variant = variant
        self.scenario = scenario
        self.options = options
        self.overrides = overrides
        self.settings = settings
        self.property = property
        self.message = message
        self.path = path
        self.steps = steps
    }
}
