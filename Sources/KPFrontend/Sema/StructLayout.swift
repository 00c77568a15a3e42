import KPIR

/// The flat layout of `struct task_struct` or `struct pt_regs`: nested struct fields
/// become dotted names (`thread.por_el1`).
struct StructLayout: Sendable {
    var fields: [Field] = []
    var indexByPath: [String: Int] = [:]
    /// Every struct the layout contains, itself included.
    var structNames: Set<String> = []

    init() {}

    /// Checks that every struct field of every struct names a defined struct and that no
    /// struct contains itself.
    static func validate(_ structs: [StructSyntax], byName: [String: StructSyntax]) throws(DiagnosticError) {
        for structure in structs {
            var visiting: [String] = []
            try visit(structure, byName: byName, visiting: &visiting)
        }
    }

    private static func visit(_ structure: StructSyntax, byName: [String: StructSyntax], visiting: inout [String])
        throws(DiagnosticError) {
        visiting.append(structure.name)
        defer { visiting.removeLast() }
        for field in structure.fields {
            guard case .structure(let name) = field.type else { continue }
            guard let nested = byName[name] else {
                throw DiagnosticError(SemanticError.unknownStruct(name), at: field.location)
            }
            if visiting.contains(name) { throw DiagnosticError(SemanticError.structContainsItself(name), at: field.location) }
            try visit(nested, byName: byName, visiting: &visiting)
        }
    }

    /// The layout of the struct named `root`, empty if the model does not define it.
    /// Structs must have been validated.
    init(root: String, byName: [String: StructSyntax]) {
        guard let structure = byName[root] else { return }
        append(structure, prefix: "", byName: byName)
    }

    private mutating func append(_ structure: StructSyntax, prefix: String, byName: [String: StructSyntax]) {
        structNames.insert(structure.name)
        for field in structure.fields {
            switch field.type {
            case .int(let type):
                indexByPath[prefix + field.name] = fields.count
                fields.append(Field(name: prefix + field.name, type: type, location: field.location))
            case .structure(let name):
                if let nested = byName[name] { append(nested, prefix: prefix + field.name + ".", byName: byName) }
            case .void, .pointer:
                break
            }
        }
    }
}
