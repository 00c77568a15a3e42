/// What to build: a variant, optionally with a scenario, extra override files and option
/// values.
public struct BuildRequest: Sendable {
    public var variant: VariantManifest
    public var scenario: ScenarioManifest?
    /// `--override FILE`: parsed after the variant's own overrides.
    public var overrides: [String]
    /// One value per option for this build; options not given take the manifest's first
    /// value.
    public var options: [String: OptionValue]
    /// `--set KEY=VALUE`: option names, scenario params, `cpus`, `interrupts`,
    /// `irq-nesting`, `preemption`. Wins over `options`.
    public var settings: [String: String]

    public init(variant: VariantManifest, scenario: ScenarioManifest? = nil, overrides: [String] = [],
                options: [String: OptionValue] = [:], settings: [String: String] = [:]) {
        self.variant = variant
        self.scenario = scenario
        self.overrides = overrides
        self.options = options
        self.settings = settings
    }
}
