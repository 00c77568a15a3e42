import KPIR

/// A value of a variant option, as a manifest, `--set` or a request gives it.
public enum OptionValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)

    public var description: String {
        switch self {
        case .bool(let value): String(value)
        case .int(let value): String(value)
        }
    }

    var typeName: String {
        switch self {
        case .bool: "a boolean"
        case .int: "an integer"
        }
    }

    /// What a value of this one's type must be, in a message that rejects one.
    var expected: String {
        switch self {
        case .bool: BooleanSpelling.expected
        case .int: "an integer"
        }
    }
}

/// A `[config]` value: true defines the symbol as 1, false leaves it undefined, an
/// integer defines it as that number.
public enum ConfigValue: Hashable, Sendable {
    case bool(Bool)
    case int(Int)
}

/// The options a variant manifest may set, in one table so more can be added.
public struct ModelOption: Sendable {
    public var name: String
    public var defaultValue: OptionValue
    /// Defined as 1 for the preprocessor when the option is true.
    public var preprocessorSymbol: String?
    public var summary: String

    public static let all: [ModelOption] = [
        ModelOption(name: "exception-entry-reset", defaultValue: .bool(false), preprocessorSymbol: "KPCHECK_EXCEPTION_ENTRY_RESET",
                    summary: "EL1 exception entry saves POR_EL1 in pt_regs and resets it to POR_EL1_INIT"),
        ModelOption(name: "feat-exs", defaultValue: .bool(false), preprocessorSymbol: "KPCHECK_FEAT_EXS",
                    summary: "exception entry and return are not context-synchronizing (FEAT_ExS)"),
        ModelOption(name: "poe", defaultValue: .bool(true), preprocessorSymbol: nil,
                    summary: "the value of system_supports_poe()"),
    ]

    public static func named(_ name: String) -> ModelOption? { all.first { $0.name == name } }

    /// `value` if it has this option's type.
    func accepts(_ value: OptionValue) -> Bool {
        switch (defaultValue, value) {
        case (.bool, .bool), (.int, .int): true
        default: false
        }
    }

    /// A value written on the command line.
    func parse(_ text: String) -> OptionValue? {
        switch defaultValue {
        case .bool: BooleanSpelling.parse(text).map(OptionValue.bool)
        case .int: Int(text).map(OptionValue.int)
        }
    }
}

/// The option values of one build.
public struct ResolvedOptions: Hashable, Sendable {
    public var exceptionEntryReset: Bool
    public var featExS: Bool
    public var poe: Bool
    /// Every option by name.
    public var values: [String: OptionValue]

    init(_ values: [String: OptionValue]) {
        self.values = values
        exceptionEntryReset = values["exception-entry-reset"] == .bool(true)
        featExS = values["feat-exs"] == .bool(true)
        poe = values["poe"] != .bool(false)
    }
}
