import KPIR

/// The front end: manifests and kernel-C model files in, a lowered `Program` out.
public enum Frontend {
    /// Builds a variant (with its overrides and the request's), and the scenario if any.
    public static func build(_ request: BuildRequest, files: SourceProvider = .disk) throws(DiagnosticError) -> BuiltModel {
        let compiled = try compile(request, files, scenarioSource: true)
        do {
            let scenario = try request.scenario.map { (scenario: ScenarioManifest) throws(DiagnosticError) in
                try resolve(scenario, compiled.settings, compiled.program)
            }
            return BuiltModel(program: compiled.program, options: compiled.settings.options, scenario: scenario,
                              sourceFiles: compiled.sourceLines, warnings: compiled.warnings)
        } catch {
            throw error.adding(sourceLines: compiled.sourceLines)
        }
    }

    /// `kpcheck parse`: without a variant, the files are preprocessed and parsed (syntax
    /// only, as one translation unit). With one, they are overrides of its sources and the
    /// whole program is checked; a scenario adds its parameters and entry functions (its
    /// own source is not read). Lists what the files define.
    public static func parse(files paths: [String], variant: VariantManifest? = nil, scenario: ScenarioManifest? = nil,
                             provider: SourceProvider = .disk) throws(DiagnosticError) -> ParseListing {
        let shown = Set(paths.map { SourcePath.display(SourcePath.absolute($0)) })
        guard let variant else {
            var unit = try Compilation(provider: provider, predefined: [])
            do {
                for path in paths { try unit.add(SourcePath.absolute(path), role: .userOverride, link: false) }
            } catch {
                throw error.adding(sourceLines: unit.sourceLines)
            }
            return ParseListing(declarations: unit.files.flatMap(\.declarations), in: shown)
        }
        let request = BuildRequest(variant: variant, scenario: scenario, overrides: paths)
        let compiled = try compile(request, provider, scenarioSource: false)
        var listing = ParseListing(declarations: compiled.unit.files.flatMap(\.declarations), in: shown)
        listing.warnings = compiled.warnings
        return listing
    }

    struct Compiled {
        var unit: Compilation
        var settings: BuildSettings
        var program: Program
        var warnings: [BuildWarning]
        /// Model files and manifests, for diagnostics.
        var sourceLines: [String: [String]]
    }

    /// The variant's sources, its overrides, the request's overrides and (with
    /// `scenarioSource`) the scenario's C file, checked and lowered.
    static func compile(_ request: BuildRequest, _ files: SourceProvider, scenarioSource: Bool)
        throws(DiagnosticError) -> Compiled {
        let manifests = manifestLines([request.variant.path] + (request.scenario.map { [$0.path] } ?? []), files)
        var unit: Compilation
        let settings: BuildSettings
        do {
            settings = try BuildSettings(request)
            unit = try Compilation(provider: files, predefined: settings.predefinedMacros(request))
        } catch {
            throw error.adding(sourceLines: manifests)
        }
        do {
            for source in request.variant.sources { try unit.add(source, role: .source) }
            for path in request.variant.overrides { try unit.add(path, role: .override) }
            for path in request.overrides.map(SourcePath.absolute) { try unit.add(path, role: .userOverride) }
            let scenario = request.scenario
            if let scenario, scenarioSource { try unit.add(scenario.source, role: .source) }
            let entryPoints = (scenario?.tasks ?? []) + [scenario?.hardirq, scenario?.softirq].compactMap { $0 }
            let (program, warnings) = try unit.program(staticKeys: request.variant.staticKeys, locations: request.variant.locations,
                                                       poe: settings.options.poe, entryPoints: entryPoints)
            return Compiled(unit: unit, settings: settings, program: program, warnings: warnings,
                            sourceLines: unit.sourceLines.merging(manifests) { model, _ in model })
        } catch {
            throw error.adding(sourceLines: unit.sourceLines.merging(manifests) { model, _ in model })
        }
    }

    private static func resolve(_ scenario: ScenarioManifest, _ settings: BuildSettings, _ program: Program)
        throws(DiagnosticError) -> ResolvedScenario {
        func entry(_ name: String, _ key: String) throws(DiagnosticError) -> Int {
            let location = scenario.locations[key]
            guard let index = program.function(named: name) else {
                throw DiagnosticError(ManifestError.entryNotFound(name), at: location)
            }
            let function = program.functions[index]
            guard function.returnType == .void, function.parameters.isEmpty else {
                throw DiagnosticError(ManifestError.entrySignature(name), at: location)
            }
            return index
        }
        var tasks: [Int] = []
        for (index, name) in scenario.tasks.enumerated() { tasks.append(try entry(name, "tasks.\(index)")) }
        return ResolvedScenario(
            name: scenario.name, cpus: settings.cpus, taskEntries: tasks,
            hardirq: try scenario.hardirq.map { (name: String) throws(DiagnosticError) in try entry(name, "hardirq") },
            softirq: try scenario.softirq.map { (name: String) throws(DiagnosticError) in try entry(name, "softirq") },
            interrupts: settings.interrupts, irqNesting: settings.irqNesting, preemption: settings.preemption,
            params: settings.params)
    }

    private static func manifestLines(_ paths: [String], _ files: SourceProvider) -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for path in paths {
            guard let text = files.read(path) else { continue }
            lines[SourcePath.display(path)] = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return lines
    }
}

extension DiagnosticError {
    /// The error with more source lines to print it with.
    func adding(sourceLines lines: [String: [String]]) -> DiagnosticError {
        var copy = self
        copy.sourceLines.merge(lines) { own, _ in own }
        return copy
    }
}
