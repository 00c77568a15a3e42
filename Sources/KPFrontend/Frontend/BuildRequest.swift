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

extension BuildRequest {
    /// `--set` values in the spelling reports and trace names use: a boolean setting
    /// given as `y`, `on` or `1` reads `true`. Other values, and spellings that are not
    /// booleans (the build rejects them), are kept as given.
    public static func canonical(settings: [String: String]) -> [String: String] {
        settings.reduce(into: [:]) { result, setting in
            result[setting.key] = canonical(setting.key, setting.value)
        }
    }

    public static func canonical(_ key: String, _ value: String) -> String {
        guard BuildSettings.isBoolean(key), let flag = BooleanSpelling.parse(value) else { return value }
        return String(flag)
    }
}
