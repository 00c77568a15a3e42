import KPIR

/// The front end: manifests and kernel-C model files in, a lowered `Program` out.
public enum Frontend {
    /// Builds a variant (with its overrides and the request's), and the scenario if any.
    public static func build(_ request: BuildRequest, files: SourceProvider = .disk) throws(DiagnosticError) -> BuiltModel {
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
            for path in request.variant.overrides + request.overrides.map(SourcePath.absolute) { try unit.add(path, role: .override) }
            let scenario = request.scenario
            if let scenario { try unit.add(scenario.source, role: .source) }
            let entryPoints = (scenario?.tasks ?? []) + [scenario?.hardirq, scenario?.softirq].compactMap { $0 }
            let program = try unit.program(staticKeys: request.variant.staticKeys, locations: request.variant.locations,
                                           poe: settings.options.poe, entryPoints: entryPoints)
            let resolved = try scenario.map { (scenario: ScenarioManifest) throws(DiagnosticError) in
                try resolve(scenario, settings, program)
            }
            return BuiltModel(program: program, options: settings.options, scenario: resolved,
                              sourceFiles: unit.sourceLines.merging(manifests) { model, _ in model })
        } catch {
            throw error.adding(sourceLines: unit.sourceLines.merging(manifests) { model, _ in model })
        }
    }

    /// `kpcheck parse`: without a variant, the files are preprocessed and parsed (syntax
    /// only, as one translation unit). With one, they are overrides of its sources and the
    /// whole program is checked; a scenario adds its parameters and entry functions.
    /// Lists what the files define.
    public static func parse(files paths: [String], variant: VariantManifest? = nil, scenario: ScenarioManifest? = nil,
                             provider: SourceProvider = .disk) throws(DiagnosticError) -> ParseListing {
        let absolute = paths.map(SourcePath.absolute)
        var request: BuildRequest?
        var settings: BuildSettings?
        var manifests: [String: [String]] = [:]
        if let variant {
            request = BuildRequest(variant: variant, scenario: scenario)
            manifests = manifestLines([variant.path] + (scenario.map { [$0.path] } ?? []), provider)
            do {
                settings = try BuildSettings(request!)
            } catch {
                throw error.adding(sourceLines: manifests)
            }
        }
        var unit: Compilation
        do {
            unit = try Compilation(provider: provider, predefined: request.map { settings!.predefinedMacros($0) } ?? [])
        } catch {
            throw error.adding(sourceLines: manifests)
        }
        do {
            if let variant {
                for source in variant.sources { try unit.add(source, role: .source) }
                for path in variant.overrides { try unit.add(path, role: .override) }
            }
            for path in absolute { try unit.add(path, role: .override, link: variant != nil) }
            if let variant, let settings {
                let entryPoints = (scenario?.tasks ?? []) + [scenario?.hardirq, scenario?.softirq].compactMap { $0 }
                _ = try unit.program(staticKeys: variant.staticKeys, locations: variant.locations, poe: settings.options.poe,
                                     entryPoints: entryPoints)
            }
        } catch {
            throw error.adding(sourceLines: unit.sourceLines.merging(manifests) { model, _ in model })
        }
        let shown = Set(absolute.map(SourcePath.display))
        return ParseListing(declarations: unit.files.flatMap(\.declarations), in: shown)
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
            if let text = files.read(path) { lines[SourcePath.display(path)] = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
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
