import KPIR

/// The option values and scenario bounds of one build: `--set` first, then the
/// request's options, then the manifests.
struct BuildSettings {
    var options: ResolvedOptions
    var cpus = 1, interrupts = 0, irqNesting = 1
    var preemption = false
    var params: [String: Int] = [:]

    private static let scenarioKeys = ["cpus", "interrupts", "irq-nesting", "preemption"]

    /// Whether `--set KEY=…` takes a boolean.
    static func isBoolean(_ key: String) -> Bool {
        if key == "preemption" { return true }
        if case .bool = ModelOption.named(key)?.defaultValue { return true }
        return false
    }

    init(_ request: BuildRequest) throws(DiagnosticError) {
        var values: [String: OptionValue] = [:]
        for option in ModelOption.all { values[option.name] = request.variant.options[option.name]?.first ?? option.defaultValue }
        for (name, value) in request.options.sorted(by: { $0.key < $1.key }) {
            let option = try VariantManifest.knownOption(name, at: nil)
            guard option.accepts(value) else {
                throw DiagnosticError(ManifestError.wrongType(key: name, expected: option.defaultValue.expected, found: value.typeName), at: nil)
            }
            values[name] = value
        }
        if let scenario = request.scenario {
            (cpus, interrupts, irqNesting, preemption, params) =
                (scenario.cpus, scenario.interrupts, scenario.irqNesting, scenario.preemption, scenario.params)
        }
        let known = ModelOption.all.map(\.name) + (request.scenario == nil ? [] : Self.scenarioKeys + params.keys.sorted())
        for (key, text) in request.settings.sorted(by: { $0.key < $1.key }) {
            guard known.contains(key) else { throw DiagnosticError(ManifestError.unknownSetting(key, known: known), at: nil) }
            if let option = ModelOption.named(key) {
                guard let value = option.parse(text) else {
                    throw DiagnosticError(ManifestError.badSetting("\(key)=\(text): expected \(option.defaultValue.expected)"), at: nil)
                }
                values[key] = value
            } else if key == "preemption" {
                guard let value = BooleanSpelling.parse(text) else {
                    throw DiagnosticError(ManifestError.badSetting("\(key)=\(text): expected \(BooleanSpelling.expected)"), at: nil)
                }
                preemption = value
            } else if key == "interrupts" && text == "unbounded" {
                interrupts = -1
            } else {
                let minimum = key == "cpus" ? 1 : 0
                guard let value = Int(text), value >= minimum else {
                    throw DiagnosticError(ManifestError.badSetting("\(key)=\(text): expected an integer of at least \(minimum)"), at: nil)
                }
                switch key {
                case "cpus": cpus = value
                case "interrupts": interrupts = value
                case "irq-nesting": irqNesting = value
                default: params[key] = value
                }
            }
        }
        options = ResolvedOptions(values)
    }

    /// Preprocessor symbols: `[config]`, true options that have a symbol, scenario params.
    func predefinedMacros(_ request: BuildRequest) -> [(name: String, value: String, location: SourceLocation)] {
        var macros: [(name: String, value: String, location: SourceLocation)] = []
        let variant = request.variant
        let commandLine = SourceLocation.machine("command line")
        for (name, value) in variant.config.sorted(by: { $0.key < $1.key }) {
            let location = variant.locations["config." + name] ?? commandLine
            switch value {
            case .bool(true): macros.append((name, "1", location))
            case .bool(false): break
            case .int(let number): macros.append((name, String(number), location))
            }
        }
        for option in ModelOption.all {
            if let symbol = option.preprocessorSymbol, options.values[option.name] == .bool(true) {
                macros.append((symbol, "1", variant.locations["options." + option.name] ?? commandLine))
            }
        }
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            macros.append((ScenarioManifest.macroName(ofParameter: name), String(value),
                           request.scenario?.locations["params." + name] ?? commandLine))
        }
        return macros
    }
}
