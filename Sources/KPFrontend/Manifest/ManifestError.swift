import KPIR

enum ManifestError: UserError {
    case expectedKey
    case expectedValue
    case expected(String)
    case invalidValue(String)
    case bareBoolean(String)
    case unterminatedString
    case invalidEscape
    case unsupported(String)
    case duplicateKey(String)
    case unknownKey(key: String, manifest: String)
    case missingKey(key: String, manifest: String)
    case wrongType(key: String, expected: String, found: String)
    case fileNotFound(String)
    case unknownOption(String, known: [String])
    case unknownProperty(String, known: [String])
    case unknownVerdict(String, known: [String])
    case unknownScenario(String, known: [String])
    case unknownVariant(String, known: [String])
    case notIdentifier(String)
    case outOfRange(key: String, minimum: Int)
    case notADirectory(String)
    case unknownStaticKey(String)
    case unknownSetting(String, known: [String])
    case badSetting(String)
    case entryNotFound(String)
    case entrySignature(String)
    case emptyList(String)
    case badValue(key: String, value: String, expected: [String])

    var description: String {
        switch self {
        case .expectedKey: "expected a key"
        case .expectedValue: "expected a value"
        case .expected(let what): "expected \(what)"
        case .invalidValue(let text): "invalid value '\(text)' (strings must be quoted; floats and dates are not supported)"
        case .bareBoolean(let text): "invalid value '\(text)': TOML writes booleans as true and false; quote other spellings (\"\(text)\")"
        case .unterminatedString: "unterminated string"
        case .invalidEscape: "invalid escape sequence in a string"
        case .unsupported(let what): "\(what) are not supported in kpcheck manifests"
        case .duplicateKey(let key): "duplicate key '\(key)'"
        case .unknownKey(let key, let manifest): "unknown key '\(key)' in \(manifest)"
        case .missingKey(let key, let manifest): "\(manifest) needs '\(key)'"
        case .wrongType(let key, let expected, let found): "'\(key)' must be \(expected), not \(found)"
        case .fileNotFound(let path): "file '\(path)' not found"
        case .unknownOption(let name, let known): "unknown option '\(name)' (known: \(known.joined(separator: ", ")))"
        case .unknownProperty(let name, let known): "unknown property '\(name)' (known: \(known.joined(separator: ", ")))"
        case .unknownVerdict(let name, let known): "unknown verdict '\(name)' (known: \(known.joined(separator: ", ")))"
        case .unknownScenario(let name, let known): "unknown scenario '\(name)' (known: \(known.joined(separator: ", ")))"
        case .unknownVariant(let name, let known): "unknown variant '\(name)' (known: \(known.joined(separator: ", ")))"
        case .notIdentifier(let name): "'\(name)' is not a C identifier"
        case .outOfRange(let key, let minimum): "'\(key)' must be at least \(minimum)"
        case .notADirectory(let path): "'\(path)' is not a model directory (it has no variants/ or scenarios/)"
        case .unknownStaticKey(let name): "unknown static key '\(name)': the variant's sources do not declare it"
        case .unknownSetting(let key, let known): "unknown setting '\(key)' for --set (known: \(known.joined(separator: ", ")))"
        case .badSetting(let why): "--set \(why)"
        case .entryNotFound(let name): "function '\(name)' is not defined by the model"
        case .entrySignature(let name): "'\(name)' must be a function 'void \(name)(void)'"
        case .emptyList(let key): "'\(key)' must not be empty"
        case .badValue(let key, let value, let expected):
            "'\(key)' must be one of \(expected.map { "'\($0)'" }.joined(separator: ", ")), not '\(value)'"
        }
    }
}
