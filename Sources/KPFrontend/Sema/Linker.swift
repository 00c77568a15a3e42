import KPIR

/// Whether a file's definitions may replace earlier ones.
enum FileRole: Sendable {
    /// A variant source or the scenario: a second definition of a name is an error.
    case source
    /// One of the variant's override files: its definitions replace earlier ones of the
    /// same name.
    case override
    /// An override file the user gave (`--override`, `kpcheck parse --variant`): as
    /// `override`, and what it defines that nothing uses is worth a warning.
    case userOverride

    var overrides: Bool { self != .source }
}

struct ParsedFile: Sendable {
    var path: String
    var role: FileRole
    var declarations: [Declaration]
}

/// The file-scope definitions of a translation unit after overrides are applied.
struct LinkedProgram: Sendable {
    var functions: [FunctionSyntax] = []
    /// Functions with a prototype and no body.
    var undefinedFunctions: Set<String> = []
    var structs: [StructSyntax] = []
    var guardClasses: [GuardClassSyntax] = []
    var globals: [VariableSyntax] = []
    var undefinedGlobals: Set<String> = []
    var perCPU: [PerCPUVariable] = []
    var undefinedPerCPU: Set<String> = []
    /// Static keys with their DEFINE (or, without one, DECLARE) default.
    var staticKeys: [String: Bool] = [:]
    var enumConstants: [EnumConstantSyntax] = []
    /// Names an override file defined that no earlier file did: something should use them.
    var newInOverrides: [NewDefinition] = []
    /// Whether a file the user gave is linked in.
    var hasUserOverrides = false
}

/// A definition an override file added, rather than replaced.
struct NewDefinition: Sendable {
    var name: String
    var location: SourceLocation
    var kind: Linker.Kind
    /// In a file the user gave, not one of the variant's.
    var byUser: Bool
}

/// Merges the parsed files of a translation unit in order, applying the rules for
/// redefinitions and overrides.
struct Linker {
    private(set) var program = LinkedProgram()

    enum Kind: Sendable { case function, variable, perCPU, staticKey, enumConstant, structure, guardClass }

    private struct Symbol {
        var kind: Kind
        /// Where it is defined, and in which file; nil while only declared.
        var definition: (location: SourceLocation, file: Int)?
    }

    /// Functions, variables, per-CPU variables, static keys and enumerators share C's
    /// ordinary namespace; structs and guard classes have their own (keys are prefixed).
    private var symbols: [String: Symbol] = [:]
    private var fileCount = 0

    mutating func add(_ file: ParsedFile) throws(DiagnosticError) {
        let fileIndex = fileCount
        fileCount += 1
        if file.role == .userOverride { program.hasUserOverrides = true }
        for declaration in file.declarations {
            switch declaration {
            case .function(let function):
                if BuiltinCatalog.isReserved(function.name) {
                    throw DiagnosticError(SemanticError.builtinRedefined(function.name), at: function.location)
                }
                guard function.body != nil else {
                    try declare(function.name, .function, at: function.location)
                    if symbols[function.name]?.definition == nil { program.undefinedFunctions.insert(function.name) }
                    continue
                }
                let replaced = try define(function.name, .function, at: function.location, file: fileIndex, role: file.role)
                program.undefinedFunctions.remove(function.name)
                Self.store(function, replacing: replaced, in: &program.functions)
            case .structure(let structure):
                let replaced = try define(structure.name, .structure, at: structure.location, file: fileIndex, role: file.role)
                Self.store(structure, replacing: replaced, in: &program.structs)
            case .guardClass(let guardClass):
                let replaced = try define(guardClass.name, .guardClass, at: guardClass.location, file: fileIndex, role: file.role)
                Self.store(guardClass, replacing: replaced, in: &program.guardClasses)
            case .variable(let variable):
                if BuiltinCatalog.isReserved(variable.name) {
                    throw DiagnosticError(SemanticError.builtinRedefined(variable.name), at: variable.location)
                }
                guard !variable.isExtern else {
                    try declare(variable.name, .variable, at: variable.location)
                    if symbols[variable.name]?.definition == nil { program.undefinedGlobals.insert(variable.name) }
                    continue
                }
                let replaced = try define(variable.name, .variable, at: variable.location, file: fileIndex, role: file.role)
                program.undefinedGlobals.remove(variable.name)
                Self.store(variable, replacing: replaced, in: &program.globals)
            case .perCPU(let name, let type, let location, let isDefinition):
                guard isDefinition else {
                    try declare(name, .perCPU, at: location)
                    if symbols[name]?.definition == nil { program.undefinedPerCPU.insert(name) }
                    continue
                }
                let replaced = try define(name, .perCPU, at: location, file: fileIndex, role: file.role)
                program.undefinedPerCPU.remove(name)
                Self.store(PerCPUVariable(name: name, type: type, location: location), replacing: replaced, in: &program.perCPU)
            case .staticKey(let name, let defaultValue, let location, let isDefinition):
                if isDefinition {
                    _ = try define(name, .staticKey, at: location, file: fileIndex, role: file.role)
                    program.staticKeys[name] = defaultValue
                } else {
                    try declare(name, .staticKey, at: location)
                    if program.staticKeys[name] == nil { program.staticKeys[name] = defaultValue }
                }
            case .enumeration(let constants):
                for constant in constants {
                    let replaced = try define(constant.name, .enumConstant, at: constant.location,
                                              file: fileIndex, role: file.role, mustBeUsed: false)
                    Self.store(constant, replacing: replaced, in: &program.enumConstants)
                }
            }
        }
    }

    private static func store<T>(_ item: T, replacing: Bool, in list: inout [T]) where T: Named {
        if replacing, let index = list.firstIndex(where: { $0.name == item.name }) {
            list[index] = item
        } else {
            list.append(item)
        }
    }

    /// A prototype, `extern` or `DECLARE_*`: only the kind of the name must agree.
    private mutating func declare(_ name: String, _ kind: Kind, at location: SourceLocation) throws(DiagnosticError) {
        if let existing = symbols[name] {
            if existing.kind != kind { throw DiagnosticError(SemanticError.kindRedefinition(name), at: location) }
            return
        }
        symbols[name] = Symbol(kind: kind)
    }

    private mutating func recordNew(_ name: String, _ kind: Kind, at location: SourceLocation, role: FileRole) {
        program.newInOverrides.append(NewDefinition(name: name, location: location, kind: kind, byUser: role == .userOverride))
    }

    /// Records a definition; returns whether it replaces an earlier one (an override).
    private mutating func define(_ name: String, _ kind: Kind, at location: SourceLocation, file: Int, role: FileRole, mustBeUsed: Bool = true) throws(DiagnosticError) -> Bool {
        let key = switch kind {
        case .structure: "struct " + name
        case .guardClass: "guard " + name
        default: name
        }
        guard var symbol = symbols[key] else {
            symbols[key] = Symbol(kind: kind, definition: (location, file))
            if role.overrides && mustBeUsed { recordNew(name, kind, at: location, role: role) }
            return false
        }
        if symbol.kind != kind { throw DiagnosticError(SemanticError.kindRedefinition(name), at: location) }
        guard let previous = symbol.definition else {
            symbol.definition = (location, file)
            symbols[key] = symbol
            if role.overrides && mustBeUsed { recordNew(name, kind, at: location, role: role) }
            return false
        }
        if previous.file == file || role == .source {
            throw DiagnosticError(SemanticError.redefinition(name), at: location,
                                  notes: [Diagnostic("previous definition of '\(name)' is here", at: previous.location)])
        }
        symbol.definition = (location, file)
        symbols[key] = symbol
        if let index = program.newInOverrides.firstIndex(where: { $0.name == name && $0.kind == kind }) {
            program.newInOverrides[index].location = location
        }
        return true
    }
}

protocol Named { var name: String { get } }
extension FunctionSyntax: Named {}
extension StructSyntax: Named {}
extension GuardClassSyntax: Named {}
extension VariableSyntax: Named {}
extension EnumConstantSyntax: Named {}

struct PerCPUVariable: Named, Sendable {
    var name: String
    var type: CType
    var location: SourceLocation
}
