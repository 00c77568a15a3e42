import KPIR

/// One translation unit being compiled: files are preprocessed with shared macros,
/// parsed with shared typedefs, and linked with the override rules.
struct Compilation {
    private let preprocessor: Preprocessor
    private let parser = Parser()
    private var linker = Linker()
    private(set) var files: [ParsedFile] = []

    init(provider: SourceProvider, predefined: [(name: String, value: String, location: SourceLocation)]) throws(DiagnosticError) {
        preprocessor = try Preprocessor(provider: provider, predefined: predefined)
    }

    var sourceLines: [String: [String]] { preprocessor.sourceLines }

    /// Preprocesses, parses and (with `link`) links the file at `path` (absolute).
    mutating func add(_ path: String, role: FileRole, link: Bool = true) throws(DiagnosticError) {
        let tokens = try preprocessor.preprocess(file: path)
        let display = SourcePath.display(path)
        let file = ParsedFile(path: display, role: role, declarations: try parser.parseFile(tokens, file: display))
        if link { try linker.add(file) }
        files.append(file)
    }

    /// Checks and lowers the linked files. `staticKeys` are the variant's values, with
    /// where the manifest sets each.
    func program(staticKeys: [String: Bool], locations: [String: SourceLocation], poe: Bool, entryPoints: [String])
        throws(DiagnosticError) -> Program {
        for key in staticKeys.keys.sorted() where linker.program.staticKeys[key] == nil {
            throw DiagnosticError(ManifestError.unknownStaticKey(key), at: locations["static-keys." + key])
        }
        let checked = try ProgramChecker.check(linker.program, staticKeys: staticKeys, poe: poe, entryPoints: entryPoints)
        let constants = MacroConstants.evaluate(try preprocessor.objectLikeMacros(), typedefs: parser,
                                                environment: checked.environment, enumConstants: checked.enumConstants)
        return try ProgramAssembler.assemble(checked, constants: constants)
    }
}
