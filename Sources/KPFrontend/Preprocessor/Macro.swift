import KPIR

/// A `#define`: object-like when `parameters` is nil.
struct Macro: Sendable {
    var name: String
    var parameters: [String]?
    var body: [Token]
    var location: SourceLocation
    /// Defined by kpcheck itself (the kpkeys guard macros): a model may not redefine it.
    var isBuiltin = false

    /// C allows a redefinition only when it is the same definition.
    func sameDefinition(as other: Macro) -> Bool {
        parameters == other.parameters && body.map(\.text) == other.body.map(\.text)
            && zip(body.dropFirst(), other.body.dropFirst()).allSatisfy { $0.spaceBefore == $1.spaceBefore }
    }
}
