import KPIR

/// Declaration specifiers (`static inline unsigned long`, `struct thread_struct`,
/// `pte_t`, a typedef name) and declarators (`*name`).
extension Parser {
    /// What declaration specifiers say besides the type.
    struct Specifiers {
        var type: TypeName
        var isTypedef = false
        var isExtern = false
        var isStatic = false
        var location: SourceLocation
    }

    /// Kernel annotations and qualifiers that do not change a model's meaning.
    static let ignoredSpecifiers: Set<String> = [
        "inline", "__inline", "__inline__", "__always_inline", "noinline", "const", "volatile", "register",
        "__maybe_unused", "__always_unused", "notrace", "__init", "__must_check", "__pure", "__noreturn",
    ]

    private static let integerKeywords: Set<String> = ["void", "bool", "_Bool", "char", "short", "int", "long", "signed", "unsigned"]

    static let builtinTypeNames: [String: TypeName] = {
        var names: [String: TypeName] = [:]
        let integers: [(String, IntType)] = [
            ("u8", .u8), ("u16", .u16), ("u32", .u32), ("u64", .u64),
            ("s8", .s8), ("s16", .s16), ("s32", .int), ("s64", .long), ("size_t", .u64),
        ]
        for (name, type) in integers { names[name] = TypeName(type: .int(type), spelling: name) }
        for level in PTLevel.allCases {
            let name = "\(level)_t"
            names[name] = TypeName(type: .int(.u64), pgtableLevel: level, spelling: name)
        }
        return names
    }()

    func isTypeStart(_ token: Token?) -> Bool {
        guard let token, token.kind == .identifier else { return false }
        return Self.integerKeywords.contains(token.text) || Self.ignoredSpecifiers.contains(token.text)
            || ["struct", "enum", "union", "typedef", "extern", "static", "typeof", "__typeof__", "__attribute__"].contains(token.text)
            || Self.builtinTypeNames[token.text] != nil || typedefs[token.text] != nil
    }

    func parseSpecifiers() throws(DiagnosticError) -> Specifiers {
        let start = location
        var keywords: [String] = []
        var named: TypeName?
        var specifiers = Specifiers(type: TypeName(type: .int(.int), spelling: "int"), location: start)
        while let token = peek, token.kind == .identifier {
            let word = token.text
            if Self.ignoredSpecifiers.contains(word) {
                index += 1
            } else if word == "typedef" {
                specifiers.isTypedef = true
                index += 1
            } else if word == "extern" {
                specifiers.isExtern = true
                index += 1
            } else if word == "static" {
                specifiers.isStatic = true
                index += 1
            } else if word == "union" {
                throw error(.unsupported(.unions), at: token.location)
            } else if word == "typeof" || word == "__typeof__" {
                throw error(.unsupported(.typeof), at: token.location)
            } else if word == "__attribute__" {
                throw error(.unsupported(.attributes), at: token.location)
            } else if named == nil && keywords.isEmpty && word == "struct" {
                index += 1
                let name = try expectIdentifier("a struct name")
                named = TypeName(type: .structure(name.text), spelling: "struct \(name.text)")
            } else if named == nil && keywords.isEmpty && word == "enum" {
                // `enum {` is left to the caller: it defines constants.
                index += 1
                let name = check("{") ? "" : try expectIdentifier("an enum name").text
                named = TypeName(type: .int(.int), spelling: name.isEmpty ? "enum" : "enum \(name)")
            } else if named == nil && Self.integerKeywords.contains(word) {
                keywords.append(word)
                index += 1
            } else if named == nil && keywords.isEmpty, let type = Self.builtinTypeNames[word] ?? typedefs[word] {
                named = type
                index += 1
            } else {
                break
            }
        }
        if let named {
            specifiers.type = named
        } else if !keywords.isEmpty {
            specifiers.type = try Self.integerType(keywords, at: start)
        } else {
            throw error(.expected("a type", found: foundDescription), at: location)
        }
        return specifiers
    }

    private static func integerType(_ words: [String], at location: SourceLocation) throws(DiagnosticError) -> TypeName {
        let spelling = words.joined(separator: " ")
        let count = { (word: String) in words.filter { $0 == word }.count }
        let unsigned = count("unsigned"), signed = count("signed"), longs = count("long")
        let invalid = DiagnosticError(SyntaxError.invalidTypeSpecifiers(spelling), at: location)
        if unsigned + signed > 1 || longs > 2 || count("int") > 1 || count("short") > 1 || count("char") > 1 { throw invalid }
        let base = words.filter { !["unsigned", "signed", "long", "int"].contains($0) }
        let type: CType
        switch base {
        case []:
            type = .int(IntType(bits: longs > 0 ? 64 : 32, signed: unsigned == 0))
        case ["short"] where longs == 0:
            type = .int(IntType(bits: 16, signed: unsigned == 0))
        case ["char"] where longs == 0 && count("int") == 0:
            // arm64 `char` is unsigned.
            type = .int(IntType(bits: 8, signed: signed == 1))
        case ["void"] where words.count == 1:
            type = .void
        case ["bool"] where words.count == 1, ["_Bool"] where words.count == 1:
            type = .int(.bool)
        default:
            throw invalid
        }
        return TypeName(type: type, spelling: spelling)
    }

    /// `*`s after the specifiers: the declared type.
    func parsePointers(_ base: TypeName) throws(DiagnosticError) -> CType {
        var stars = 0
        var starLocation = location
        while check("*") || checkIdentifier("const") || checkIdentifier("volatile") {
            if check("*") {
                starLocation = location
                stars += 1
            }
            index += 1
        }
        switch stars {
        case 0: return base.type
        case 1: break
        default: throw error(.unsupported(.pointersToPointers), at: starLocation)
        }
        if let level = base.pgtableLevel { return .pointer(.pgtable(level)) }
        switch base.type {
        case .structure("task_struct"): return .pointer(.task)
        case .structure("pt_regs"): return .pointer(.regs)
        default: throw error(.unsupported(.pointer(to: base.spelling)), at: starLocation)
        }
    }

    /// After a declarator's name: arrays and function pointers are rejected here.
    func rejectArray() throws(DiagnosticError) {
        if check("[") { throw error(.unsupported(.arrays), at: location) }
    }
}
