import KPIR

/// The syntax tree the parser builds: one translation-unit file's declarations.

struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case integer(UInt64, IntType)
        case boolean(Bool)
        case null
        case name(String)
        /// Calls always name their callee: there are no function pointers.
        case call(String, [Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case conditional(Expr, Expr, Expr)
        /// `a = b`, or `a op= b` when the operator is given.
        case assign(BinaryOperator?, Expr, Expr)
        case increment(Expr, isIncrement: Bool, isPrefix: Bool)
        case cast(CType, Expr)
        case member(Expr, String, arrow: Bool)
    }

    var kind: Kind
    var location: SourceLocation
}

enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", bitNot = "~", logicalNot = "!", addressOf = "&", dereference = "*"
}

enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", rem = "%"
    case and = "&", or = "|", xor = "^", shl = "<<", shr = ">>"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case logicalAnd = "&&", logicalOr = "||"
}

struct Stmt: Sendable {
    indirect enum Kind: Sendable {
        case expression(Expr)
        case declaration([LocalDeclarator])
        /// `end` is the location of the closing brace: where scopes opened in it end.
        case block([Stmt], end: SourceLocation)
        case ifElse(Expr, Stmt, Stmt?)
        case whileLoop(Expr, Stmt)
        case doWhile(Stmt, Expr)
        case forLoop(Stmt?, Expr?, Expr?, Stmt)
        case breakStatement
        case continueStatement
        case returnStatement(Expr?)
        case empty
        /// `guard(name)();`: a guard scope to the end of the enclosing block.
        case guardDeclaration(String)
        /// `scoped_guard(name) statement`.
        case scopedGuard(String, Stmt)
    }

    var kind: Kind
    var location: SourceLocation
}

struct LocalDeclarator: Sendable {
    var type: CType
    var name: String
    var location: SourceLocation
    var initializer: Expr?
}

struct ParameterSyntax: Sendable {
    var name: String?
    var type: CType
    var location: SourceLocation
}

struct FunctionSyntax: Sendable {
    var name: String
    var location: SourceLocation
    var returnType: CType
    var parameters: [ParameterSyntax]
    /// nil for a prototype.
    var body: Stmt?
}

struct FieldSyntax: Sendable {
    var name: String
    var type: CType
    var location: SourceLocation
}

struct StructSyntax: Sendable {
    var name: String
    var location: SourceLocation
    var fields: [FieldSyntax]
}

struct VariableSyntax: Sendable {
    var name: String
    var type: CType
    var location: SourceLocation
    var initializer: Expr?
    /// `extern`: a declaration, not a definition.
    var isExtern: Bool
}

/// `KPKEYS_GUARD_COND`/`KPKEYS_GUARD` (constructor and destructor) or `KPKEYS_GUARD_NOOP`.
struct GuardClassSyntax: Sendable {
    var name: String
    var location: SourceLocation
    var constructor: Expr
    /// Uses `_T`, the value the constructor produced; nil for a no-op guard.
    var destructor: Expr?
}

struct EnumConstantSyntax: Sendable {
    var name: String
    var location: SourceLocation
    var value: Expr?
}

enum Declaration: Sendable {
    case function(FunctionSyntax)
    case structure(StructSyntax)
    case variable(VariableSyntax)
    /// `DEFINE_PER_CPU(type, name)` (a definition) or `DECLARE_PER_CPU`.
    case perCPU(name: String, type: CType, location: SourceLocation, isDefinition: Bool)
    /// `DEFINE_STATIC_KEY_TRUE/FALSE(name)` or `DECLARE_STATIC_KEY_TRUE/FALSE(name)`.
    case staticKey(name: String, defaultValue: Bool, location: SourceLocation, isDefinition: Bool)
    case guardClass(GuardClassSyntax)
    case enumeration([EnumConstantSyntax])

    var name: String? {
        switch self {
        case .function(let f): f.name
        case .structure(let s): s.name
        case .variable(let v): v.name
        case .perCPU(let name, _, _, _), .staticKey(let name, _, _, _): name
        case .guardClass(let g): g.name
        case .enumeration: nil
        }
    }
}
