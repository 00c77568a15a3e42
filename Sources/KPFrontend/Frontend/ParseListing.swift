import KPIR

/// What `kpcheck parse` prints: the functions, guard classes and structs the files define.
public struct ParseListing: Sendable {
    public struct FunctionEntry: Hashable, Sendable {
        public var name: String
        public var location: SourceLocation
        /// `void set_pte(pte_t *ptep, u64 pte)`.
        public var signature: String
        /// false for a prototype.
        public var isDefinition: Bool
    }

    public var functions: [FunctionEntry] = []
    public var guardClasses: [GuardClass] = []
    public var structs: [StructDecl] = []
    /// With a variant: what the check let pass but a user should hear of.
    public var warnings: [BuildWarning] = []

    init(declarations: [Declaration], in files: Set<String>) {
        for declaration in declarations {
            switch declaration {
            case .function(let function) where files.contains(function.location.file):
                let parameters = function.parameters.isEmpty ? "void"
                    : function.parameters.map { Self.declarator($0.type, $0.name) }.joined(separator: ", ")
                functions.append(FunctionEntry(name: function.name, location: function.location,
                                               signature: Self.declarator(function.returnType, function.name) + "(\(parameters))",
                                               isDefinition: function.body != nil))
            case .guardClass(let guardClass) where files.contains(guardClass.location.file):
                guardClasses.append(GuardClass(name: guardClass.name, location: guardClass.location,
                                               switchesContext: guardClass.destructor != nil))
            case .structure(let structure) where files.contains(structure.location.file):
                structs.append(StructDecl(name: structure.name, location: structure.location, fields: structure.fields.map(\.name)))
            default:
                break
            }
        }
    }

    /// `u64 pte`, `pte_t *ptep`.
    private static func declarator(_ type: CType, _ name: String?) -> String {
        let text = type.description
        guard let name else { return text }
        return text.hasSuffix("*") ? text + name : text + " " + name
    }

    /// One line per definition, in source order within each kind.
    public func render() -> String {
        var lines: [String] = []
        for function in functions {
            lines.append("\(function.location): \(function.isDefinition ? "function" : "prototype") \(function.signature)")
        }
        for guardClass in guardClasses {
            lines.append("\(guardClass.location): guard class \(guardClass.name)\(guardClass.switchesContext ? "" : " (no-op)")")
        }
        for structure in structs {
            lines.append("\(structure.location): struct \(structure.name) { \(structure.fields.joined(separator: ", ")) }")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
