import KPProperties

/// A counterexample as `--trace-out` writes it and `kpcheck replay` reads it: enough
/// to rebuild the model and re-execute every step.
public struct SavedTrace: Codable {
    /// The trace file format this build writes. 1 (files without `format`): replay matched
    /// each step by its action text. 2: by the step's index and its structure (CPU, task,
    /// function, source location); the text only tells apart two steps of one structure,
    /// so a trace survives a change in how actions are worded. 3: the actions are stored
    /// as data too (`actions`), and they tell those steps apart instead of the text. A
    /// build reads every format up to its own and refuses newer ones.
    public static let currentFormat = 3

    public var tool = "kpcheck"
    /// Absent (nil) in format 1 files.
    public var format: Int? = SavedTrace.currentFormat
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
    /// Each step's action as data (format 3; absent before, when the steps' words are all
    /// there is). The steps keep the words, for people reading the file.
    public var actions: [Action]?

    /// What step `i` did, as the file records it.
    public func action(ofStep i: Int) -> Action {
        actions.flatMap { i < $0.count ? $0[i] : nil } ?? steps[i].action
    }

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
        actions = steps.map(\.action)
    }
}
