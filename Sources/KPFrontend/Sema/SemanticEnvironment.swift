import KPIR

/// The file-scope names function bodies, guard classes and constant expressions resolve
/// against.
struct SemanticEnvironment: Sendable {
    struct Signature: Sendable {
        var index: Int
        var returnType: CType
        var parameters: [CType]
    }

    var functions: [String: Signature] = [:]
    var undefinedFunctions: Set<String> = []
    var globals: [String: (index: Int, type: IntType)] = [:]
    var undefinedGlobals: Set<String> = []
    var perCPU: [String: (index: Int, type: IntType)] = [:]
    var undefinedPerCPU: Set<String> = []
    /// Static key values as the variant fixes them.
    var staticKeys: [String: Bool] = [:]
    var enumConstants: [String: (value: UInt64, type: IntType)] = [:]
    var guardClasses: [String: Int] = [:]
    var structs: [String: StructSyntax] = [:]
    var task = StructLayout()
    var regs = StructLayout()
    /// The value of `system_supports_poe()`.
    var poe = true
    /// `#if` arithmetic: integer literals are at least 64 bits wide, as `intmax_t`.
    var preprocessorArithmetic = false
}
