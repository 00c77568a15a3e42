import KPIR

/// A C type of the model language.
enum CType: Hashable, Sendable, CustomStringConvertible {
    case void
    case int(IntType)
    case pointer(PointerKind)
    /// `struct NAME`: only as the type of a field of another struct.
    case structure(String)

    var integer: IntType? {
        if case .int(let type) = self { return type }
        return nil
    }

    var isPointer: Bool {
        if case .pointer = self { return true }
        return false
    }

    /// The type the machine sees; struct types never reach it.
    var valueType: ValueType {
        switch self {
        case .void, .structure: .void
        case .int(let type): .int(type)
        case .pointer(let kind): .pointer(kind)
        }
    }

    var description: String {
        switch self {
        case .void: "void"
        case .int(let type): Self.name(of: type)
        case .pointer(let kind): ValueType.pointer(kind).description
        case .structure(let name): "struct \(name)"
        }
    }

    static func name(of type: IntType) -> String {
        switch (type.bits, type.signed) {
        case (32, true): "int"
        case (32, false): "unsigned int"
        case (64, true): "long"
        default: type.description
        }
    }
}

extension IntType {
    static let s8 = IntType(bits: 8, signed: true)
    static let s16 = IntType(bits: 16, signed: true)
    static let u16 = IntType(bits: 16, signed: false)

    /// C's integer promotions: types narrower than `int` become `int`.
    var promoted: IntType { bits < 32 ? .int : self }

    /// C's usual arithmetic conversions of two operand types, after promotion.
    static func common(_ a: IntType, _ b: IntType) -> IntType {
        let a = a.promoted, b = b.promoted
        if a == b { return a }
        if a.signed == b.signed { return a.bits >= b.bits ? a : b }
        let (unsigned, signed) = a.signed ? (b, a) : (a, b)
        if unsigned.bits >= signed.bits { return unsigned }
        return signed
    }
}
