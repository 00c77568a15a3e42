import KPIR

extension Frontend {
    /// What of `variant` (with its own overrides) a patch may replace, for `PatchOverride`.
    public static func patchModel(of variant: VariantManifest, files: SourceProvider = .disk)
        throws(DiagnosticError) -> PatchOverride.Model {
        let compiled = try compile(BuildRequest(variant: variant, scenario: nil, overrides: []), files, scenarioSource: false)
        var model = PatchOverride.Model(functions: [], guardClasses: [], structs: [:], code: "")
        for file in compiled.unit.files {
            for declaration in file.declarations {
                switch declaration {
                case .function(let function) where function.body != nil:
                    model.functions.insert(function.name)
                case .guardClass(let guardClass):
                    model.guardClasses.insert(guardClass.name)
                case .structure(let structure):
                    if let text = Self.structText(at: structure.location, compiled.unit.sourceLines) {
                        model.structs[structure.name] = text
                    }
                default:
                    break
                }
            }
        }
        let modelFiles = compiled.unit.sourceLines.keys.filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }.sorted()
        model.code = modelFiles.map { compiled.unit.sourceLines[$0]!.joined(separator: "\n") }.joined(separator: "\n")
        return model
    }

    /// From the line of `struct name {` to the first line after it that closes at column 0.
    private static func structText(at location: SourceLocation, _ sources: [String: [String]]) -> [String]? {
        guard let lines = sources[location.file], location.line >= 1, location.line <= lines.count,
              let end = lines[(location.line - 1)...].firstIndex(where: { $0.hasPrefix("}") }) else { return nil }
        return Array(lines[(location.line - 1)...end])
    }
}
