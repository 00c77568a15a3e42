import KPIR

/// The `Models/` directory: variant manifests in `variants/`, scenarios in `scenarios/`.
public struct ModelRoot: Sendable {
    /// Absolute path of the directory.
    public let directory: String
    public let files: SourceProvider

    public init(directory: String, files: SourceProvider = .disk) throws(DiagnosticError) {
        self.directory = SourcePath.absolute(directory)
        self.files = files
        if files.list(self.directory + "/variants") == nil && files.list(self.directory + "/scenarios") == nil {
            throw DiagnosticError(ManifestError.notADirectory(directory), at: nil)
        }
    }

    private func manifests(in subdirectory: String) -> [String] {
        (files.list(directory + "/" + subdirectory) ?? []).filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func variantNames() -> [String] { manifests(in: "variants") }

    public func scenarioNames() -> [String] { manifests(in: "scenarios") }

    /// A variant by name (`kpkeys-v8`) or by the path of its manifest (`my/variant.toml`).
    public func variant(_ nameOrPath: String) throws(DiagnosticError) -> VariantManifest {
        if nameOrPath.hasSuffix(".toml") || nameOrPath.contains("/") {
            let path = SourcePath.absolute(nameOrPath)
            let name = String(SourcePath.fileName(of: path).dropLast(nameOrPath.hasSuffix(".toml") ? 5 : 0))
            return try VariantManifest.load(path: path, name: name, files: files, knownScenarios: scenarioNames())
        }
        guard variantNames().contains(nameOrPath) else {
            throw DiagnosticError(ManifestError.unknownVariant(nameOrPath, known: variantNames()), at: nil)
        }
        return try VariantManifest.load(path: directory + "/variants/" + nameOrPath + ".toml", name: nameOrPath, files: files,
                                        knownScenarios: scenarioNames())
    }

    public func scenario(_ name: String) throws(DiagnosticError) -> ScenarioManifest {
        guard scenarioNames().contains(name) else {
            throw DiagnosticError(ManifestError.unknownScenario(name, known: scenarioNames()), at: nil)
        }
        return try ScenarioManifest.load(path: directory + "/scenarios/" + name + ".toml", name: name, files: files)
    }

    /// The scenarios the default job runs for a variant.
    public func scenarios(of variant: VariantManifest) throws(DiagnosticError) -> [ScenarioManifest] {
        var result: [ScenarioManifest] = []
        for name in variant.defaultScenarios ?? scenarioNames() { result.append(try scenario(name)) }
        return result
    }
}
