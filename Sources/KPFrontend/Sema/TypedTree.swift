import KPIR

/// The checked program: names resolved to indices, every conversion explicit, constant
/// subexpressions folded. Lowering reads only this.

struct TypedExpr: Sendable {
    indirect enum Kind: Sendable {
        /// Already normalised to `type`.
        case constant(UInt64)
        /// A parameter, local or hidden variable of the function's frame.
        case variable(Int)
        /// `_T` in a guard destructor: the value the constructor produced.
        case guardValue
        case load(Place)
        case call(function: Int, [TypedExpr])
        case builtin(Builtin, [TypedExpr])
        case assertion(AssertKind, TypedExpr)
        /// The operand has the result type already.
        case unary(UnaryOp, TypedExpr)
        /// Operands are converted to `operation`; the result is `type` (`int` for comparisons).
        case binary(BinaryOp, TypedExpr, TypedExpr, operation: IntType)
        case logical(isAnd: Bool, TypedExpr, TypedExpr)
        case conditional(TypedExpr, TypedExpr, TypedExpr)
        /// Conversion of the operand to `type`.
        case convert(TypedExpr)
        /// The value is converted to the place's type; the result is the stored value.
        case assign(Place, TypedExpr)
        /// `place op= value`: `value` is converted to `operation`.
        case compoundAssign(Place, BinaryOp, TypedExpr, operation: IntType)
        case increment(Place, isIncrement: Bool, isPrefix: Bool)
        case pgtableStore(entry: TypedExpr, value: TypedExpr)
    }

    var kind: Kind
    var type: CType
    var location: SourceLocation

    var constantValue: UInt64? {
        if case .constant(let value) = kind { return value }
        return nil
    }

    /// A comparison, `!`, `&&` or `||`: its value is already 0 or 1.
    var isTruthValue: Bool {
        switch kind {
        case .binary(let op, _, _, _): [.eq, .ne, .lt, .le, .gt, .ge].contains(op)
        case .unary(.logicalNot, _), .logical: true
        default: false
        }
    }

    /// An integer constant expression with value 0, usable as NULL.
    var isNullPointerConstant: Bool { constantValue == 0 && type.integer != nil }
}

/// An assignable place.
struct Place: Sendable {
    enum Kind: Sendable {
        case variable(Int)
        case global(Int)
        case perCPU(Int)
        case taskField(task: TypedExpr, field: Int)
        case regsField(regs: TypedExpr, field: Int)
    }

    var kind: Kind
    var type: CType
    var location: SourceLocation
}

/// A `guard(name)();` or `scoped_guard(name)` use: its class and the two hidden frame
/// variables holding the constructor's value (`_T`) and the machine's saved state.
struct GuardScope: Sendable {
    var guardClass: Int
    var value: Int
    var slot: Int
    var location: SourceLocation
}

indirect enum TypedStmt: Sendable {
    case expression(TypedExpr)
    case initialize(variable: Int, TypedExpr)
    case block([TypedStmt])
    case ifElse(TypedExpr, TypedStmt, TypedStmt?, location: SourceLocation)
    /// `while`, `for` (testFirst) and `do ... while`; `step` runs before each re-test.
    case loop(condition: TypedExpr?, body: TypedStmt, step: TypedExpr?, testFirst: Bool, location: SourceLocation)
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
    case returnValue(TypedExpr?, SourceLocation)
    /// A guard scope; its destructor runs at `end` when control falls off the body.
    case guarded(GuardScope, [TypedStmt], end: SourceLocation)
}

struct FrameVariable: Sendable {
    var name: String
    var type: CType
}

struct CheckedFunction: Sendable {
    var name: String
    var location: SourceLocation
    var returnType: CType
    var parameters: [Parameter]
    /// Parameters first, then locals and hidden guard variables.
    var variables: [FrameVariable]
    var body: [TypedStmt]
    var end: SourceLocation
    /// Functions this one calls directly or through a guard it opens, with the call site.
    var calls: [(function: Int, location: SourceLocation)]
}

struct CheckedGuardClass: Sendable {
    var name: String
    var location: SourceLocation
    var constructor: TypedExpr
    var destructor: TypedExpr?
    var calls: [(function: Int, location: SourceLocation)]
}
