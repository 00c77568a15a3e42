import KPExplorer
import KPMachine

/// What `kpcheck check` (and the default job) was asked to do, beyond which models.
public struct CheckSettings {
    /// Properties to check; nil means all.
    public var properties: [Property]?
    public var maxStates: Int
    public var maxMemoryMiB: Int
    /// Override files (`--override`), replacing definitions of the variant.
    public var overrides: [String]
    /// `--set KEY=VALUE`: options, scenario parameters and bounds.
    public var settings: [String: String]
    public var progress: ((SearchProgress) -> Void)?
    /// Record which model lines the search executed (`--coverage`); costs a store per instruction.
    public var coverage: Bool

    public init(properties: [Property]? = nil, maxStates: Int = 20_000_000, maxMemoryMiB: Int = 12_288,
                overrides: [String] = [], settings: [String: String] = [:],
                progress: ((SearchProgress) -> Void)? = nil, coverage: Bool = false) {
        self.properties = properties
        self.maxStates = maxStates
        self.maxMemoryMiB = maxMemoryMiB
        self.overrides = overrides
        self.settings = settings
        self.progress = progress
        self.coverage = coverage
    }
}
