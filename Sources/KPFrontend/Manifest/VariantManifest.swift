import KPIR

/// A verdict a variant's manifest expects for one scenario and property.
public struct Expectation: Hashable, Sendable {
    public var scenario: String
    public var property: String
    /// `holds`, `violated`, `n/a` or `incomplete`.
    public var verdict: String
    /// Only for these option values (empty: always).
    public var when: [String: OptionValue]
    public var location: SourceLocation
}

/// `Models/variants/NAME.toml`: the sources of a variant, its configuration and options,
/// and the verdicts it is expected to get.
public struct VariantManifest: Sendable {
    public static let knownProperties = [
        "pgtable-write-permitted", "por-restored", "isb-before-use", "pte-barriers", "irq-default-context",
        "other-pkeys-preserved", "assertions",
    ]
    public static let knownVerdicts = ["holds", "violated", "n/a", "incomplete"]
    private static let keys = ["description", "sources", "overrides", "scenarios", "config", "options", "static-keys", "expect"]

    public var name: String
    /// Absolute path of the manifest.
    public var path: String
    public var description: String
    /// C files (absolute paths) parsed in order as one translation unit.
    public var sources: [String]
    /// Files (absolute paths) parsed after the sources whose definitions replace theirs.
    public var overrides: [String]
    /// The scenarios the default job runs; nil for every scenario.
    public var defaultScenarios: [String]?
    public var config: [String: ConfigValue]
    /// Every known option with the values the default job checks (the default when the
    /// manifest does not set it).
    public var options: [String: [OptionValue]]
    public var staticKeys: [String: Bool]
    public var expectations: [Expectation]
    /// Where each setting is written: `description`, `sources`, `config.NAME`,
    /// `options.NAME`, `static-keys.NAME`, ...
    public var locations: [String: SourceLocation]

    /// A manifest built in code (tests, tools); `options` defaults every known option.
    public init(name: String, path: String, description: String = "", sources: [String], overrides: [String] = [],
                defaultScenarios: [String]? = nil, config: [String: ConfigValue] = [:], options: [String: [OptionValue]] = [:],
                staticKeys: [String: Bool] = [:], expectations: [Expectation] = [], locations: [String: SourceLocation] = [:]) {
        self.name = name
        self.path = path
        self.description = description
        self.sources = sources
        self.overrides = overrides
        self.defaultScenarios = defaultScenarios
        self.config = config
        self.options = Dictionary(uniqueKeysWithValues: ModelOption.all.map { ($0.name, [$0.defaultValue]) })
            .merging(options) { _, given in given }
        self.staticKeys = staticKeys
        self.expectations = expectations
        self.locations = locations
    }

    /// The verdict the manifest lists for a result, or nil when it expects `holds` (or `n/a`).
    public func expectedVerdict(scenario: String, property: String, options: [String: OptionValue]) -> String? {
        expectations.first { expectation in
            expectation.scenario == scenario && expectation.property == property
                && expectation.when.allSatisfy { options[$0.key] == $0.value }
        }?.verdict
    }

    /// Reads the manifest at `path` (absolute). `knownScenarios`, when given, validates
    /// scenario names.
    static func load(path: String, name: String, files: SourceProvider, knownScenarios: [String]?) throws(DiagnosticError) -> VariantManifest {
        let display = SourcePath.display(path)
        guard let text = files.read(path) else { throw DiagnosticError(ManifestError.fileNotFound(display), at: nil) }
        do {
            return try parse(text, path: path, name: name, files: files, knownScenarios: knownScenarios)
        } catch {
            throw error.adding(sourceLines: [display: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)])
        }
    }

    private static func parse(_ text: String, path: String, name: String, files: SourceProvider, knownScenarios: [String]?)
        throws(DiagnosticError) -> VariantManifest {
        let display = SourcePath.display(path)
        let reader = TOMLReader(file: display, text: text)
        let root = ManifestTable(table: try reader.read(), context: "variant manifest")
        try root.rejectUnknownKeys(allowing: keys)
        let start = SourceLocation(file: display, line: 1, column: 1)
        let directory = SourcePath.directory(of: path)
        var manifest = VariantManifest(name: name, path: path, description: try root.string("description") ?? "", sources: [])
        for key in keys { manifest.locations[key] = root.table.entry(key)?.keyLocation }

        let sources = try root.required(try root.strings("sources"), "sources", at: start)
        if sources.isEmpty { throw DiagnosticError(ManifestError.emptyList("sources"), at: root.location("sources")) }
        manifest.sources = try existingFiles(sources, relativeTo: directory, files: files)
        manifest.overrides = try existingFiles(try root.strings("overrides") ?? [], relativeTo: directory, files: files)
        if let scenarios = try root.strings("scenarios") {
            for scenario in scenarios where !(knownScenarios?.contains(scenario.value) ?? true) {
                throw DiagnosticError(ManifestError.unknownScenario(scenario.value, known: knownScenarios ?? []), at: scenario.location)
            }
            manifest.defaultScenarios = scenarios.map(\.value)
        }
        try readConfig(root, into: &manifest)
        try readOptions(root, into: &manifest)
        for entry in try root.subtable("static-keys")?.entries ?? [] {
            manifest.staticKeys[entry.key] = try entry.value.boolean(for: entry.key)
            manifest.locations["static-keys." + entry.key] = entry.keyLocation
        }
        for element in try root.array("expect") ?? [] {
            manifest.expectations.append(try readExpectation(element, knownScenarios: knownScenarios))
        }
        return manifest
    }

    private static func existingFiles(_ paths: [(value: String, location: SourceLocation)], relativeTo directory: String,
                                      files: SourceProvider) throws(DiagnosticError) -> [String] {
        var result: [String] = []
        for (relative, location) in paths {
            let path = SourcePath.join(directory, relative)
            if files.read(path) == nil { throw DiagnosticError(ManifestError.fileNotFound(relative), at: location) }
            result.append(path)
        }
        return result
    }

    private static func readConfig(_ root: ManifestTable, into manifest: inout VariantManifest) throws(DiagnosticError) {
        for entry in try root.subtable("config")?.entries ?? [] {
            guard isIdentifier(entry.key) else { throw DiagnosticError(ManifestError.notIdentifier(entry.key), at: entry.keyLocation) }
            switch entry.value.kind {
            case .boolean(let value): manifest.config[entry.key] = .bool(value)
            case .integer(let value): manifest.config[entry.key] = .int(value)
            default:
                // Kconfig's habit, CONFIG_X = "y"; an integer stays a number (0 defines the symbol as 0).
                guard case .string(let text) = entry.value.kind, let flag = BooleanSpelling.parse(text) else {
                    throw DiagnosticError(ManifestError.wrongType(key: entry.key, expected: BooleanSpelling.expected + " or an integer",
                                                                  found: entry.value.shown), at: entry.value.location)
                }
                manifest.config[entry.key] = .bool(flag)
            }
            manifest.locations["config." + entry.key] = entry.keyLocation
        }
    }

    private static func readOptions(_ root: ManifestTable, into manifest: inout VariantManifest) throws(DiagnosticError) {
        for entry in try root.subtable("options")?.entries ?? [] {
            let option = try knownOption(entry.key, at: entry.keyLocation)
            let elements: [TOMLValue]
            if case .array(let array) = entry.value.kind {
                if array.isEmpty { throw DiagnosticError(ManifestError.emptyList(entry.key), at: entry.value.location) }
                elements = array
            } else {
                elements = [entry.value]
            }
            var values: [OptionValue] = []
            for element in elements { values.append(try optionValue(element, for: option)) }
            manifest.options[option.name] = values
            manifest.locations["options." + entry.key] = entry.keyLocation
        }
    }

    static func knownOption(_ name: String, at location: SourceLocation?) throws(DiagnosticError) -> ModelOption {
        guard let option = ModelOption.named(name) else {
            throw DiagnosticError(ManifestError.unknownOption(name, known: ModelOption.all.map(\.name)), at: location)
        }
        return option
    }

    private static func optionValue(_ value: TOMLValue, for option: ModelOption) throws(DiagnosticError) -> OptionValue {
        if case .bool = option.defaultValue { return .bool(try value.boolean(for: option.name)) }
        guard case .integer(let i) = value.kind else {
            throw DiagnosticError(ManifestError.wrongType(key: option.name, expected: option.defaultValue.expected, found: value.typeName),
                                  at: value.location)
        }
        return .int(i)
    }

    private static func readExpectation(_ element: TOMLValue, knownScenarios: [String]?) throws(DiagnosticError) -> Expectation {
        guard case .table(let table) = element.kind else {
            throw DiagnosticError(ManifestError.wrongType(key: "expect", expected: "an array of tables", found: element.typeName),
                                  at: element.location)
        }
        let expect = ManifestTable(table: table, context: "[[expect]]")
        try expect.rejectUnknownKeys(allowing: ["scenario", "property", "verdict", "when"])
        let scenario = try expect.required(try expect.string("scenario"), "scenario", at: element.location)
        if let known = knownScenarios, !known.contains(scenario) {
            throw DiagnosticError(ManifestError.unknownScenario(scenario, known: known), at: expect.location("scenario"))
        }
        let property = try expect.required(try expect.string("property"), "property", at: element.location)
        if !knownProperties.contains(property) {
            throw DiagnosticError(ManifestError.unknownProperty(property, known: knownProperties), at: expect.location("property"))
        }
        let verdict = try expect.required(try expect.string("verdict"), "verdict", at: element.location)
        if !knownVerdicts.contains(verdict) {
            throw DiagnosticError(ManifestError.unknownVerdict(verdict, known: knownVerdicts), at: expect.location("verdict"))
        }
        var when: [String: OptionValue] = [:]
        for entry in try expect.subtable("when")?.entries ?? [] {
            let option = try knownOption(entry.key, at: entry.keyLocation)
            when[option.name] = try optionValue(entry.value, for: option)
        }
        return Expectation(scenario: scenario, property: property, verdict: verdict, when: when, location: element.location)
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
