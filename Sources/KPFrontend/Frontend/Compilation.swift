import KPIR

/// One translation unit being compiled: files are preprocessed with shared macros,
/// parsed with shared typedefs, and linked with the override rules.
struct Compilation {
    private let provider: SourceProvider
    private let preprocessor: Preprocessor
    private let parser = Parser()
    private var linker = Linker()
    private(set) var files: [ParsedFile] = []
    /// Identifies the predefined macros, for `BaseFileCache`.
    private let predefinedKey: String

    init(provider: SourceProvider, predefined: [(name: String, value: String, location: SourceLocation)]) throws(DiagnosticError) {
        self.provider = provider
        preprocessor = try Preprocessor(provider: provider, predefined: predefined)
        predefinedKey = predefined.map { "\($0.name)=\($0.value)@\($0.location)" }.joined(separator: "\u{0}")
    }

    var sourceLines: [String: [String]] { preprocessor.sourceLines }

    /// Preprocesses, parses and (with `link`) links the file at `path` (absolute).
    mutating func add(_ path: String, role: FileRole, link: Bool = true) throws(DiagnosticError) {
        let display = SourcePath.display(path)
        let declarations: [Declaration]
        // The display path is in the key too: cached locations use it.
        let cacheKey = files.isEmpty ? [path, display, predefinedKey].joined(separator: "\u{0}") : nil
        if let cacheKey, let cached = BaseFileCache.shared.entry(cacheKey, files: provider) {
            preprocessor.state = cached.state
            parser.typedefs = cached.typedefs
            declarations = cached.declarations
        } else {
            declarations = try parser.parseFile(try preprocessor.preprocess(file: path), file: display)
            if let cacheKey {
                BaseFileCache.shared.store(BaseFileCache.Entry(filesRead: preprocessor.filesRead, state: preprocessor.state,
                                                               typedefs: parser.typedefs, declarations: declarations), for: cacheKey)
            }
        }
        let file = ParsedFile(path: display, role: role, declarations: declarations)
        if link { try linker.add(file) }
        files.append(file)
    }

    /// Checks and lowers the linked files. `staticKeys` are the variant's values, with
    /// where the manifest sets each.
    func program(staticKeys: [String: Bool], locations: [String: SourceLocation], poe: Bool, entryPoints: [String])
        throws(DiagnosticError) -> (program: Program, warnings: [BuildWarning]) {
        for key in staticKeys.keys.sorted() where linker.program.staticKeys[key] == nil {
            throw DiagnosticError(ManifestError.unknownStaticKey(key), at: locations["static-keys." + key])
        }
        let checked = try ProgramChecker.check(linker.program, staticKeys: staticKeys, poe: poe, entryPoints: entryPoints)
        let constants = MacroConstants.evaluate(try preprocessor.objectLikeMacros(), typedefs: parser,
                                                environment: checked.environment, enumConstants: checked.enumConstants)
        let warnings = checked.warnings.map { $0.quoting(sourceLines) }
        return (try ProgramAssembler.assemble(checked, constants: constants), warnings)
    }
}
