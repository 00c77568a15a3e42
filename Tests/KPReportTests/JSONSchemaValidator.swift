import Foundation

/// JSON as parsed by `JSONDecoder`, which keeps booleans and numbers apart
/// (`JSONSerialization` gives both as `NSNumber`).
indirect enum JSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

/// The draft-04 keywords the SARIF 2.1.0 schema uses: type, enum, required, properties,
/// additionalProperties, items, minItems, minimum, maximum, pattern, anyOf, oneOf and
/// `$ref` into `#/definitions`. Annotations (description, default, format) and
/// uniqueItems do not decide validity here.
struct JSONSchemaValidator {
    let root: JSON

    /// Every way `value` breaks the schema, as `path: reason`; empty when it is valid.
    func errors(in value: JSON) -> [String] {
        var errors: [String] = []
        check(value, root, "$", &errors)
        return errors
    }

    func check(_ value: JSON, _ schema: JSON, _ path: String, _ errors: inout [String]) {
        guard case .object(let s) = schema else { return }
        if case .string(let ref)? = s["$ref"] {
            let name = String(ref.dropFirst("#/definitions/".count))
            guard ref.hasPrefix("#/definitions/"), let target = root["definitions"]?[name] else {
                errors.append("\(path): unresolvable $ref \(ref)")
                return
            }
            check(value, target, path, &errors)
        }
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: allowed = []
            }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(path): not of type \(allowed.joined(separator: "|"))")
                return
            }
        }
        if case .array(let options)? = s["enum"], !options.contains(where: { Self.equal($0, value) }) {
            errors.append("\(path): not one of the enumerated values")
        }
        if case .array(let subschemas)? = s["anyOf"],
           !subschemas.contains(where: { sub in var e: [String] = []; check(value, sub, path, &e); return e.isEmpty }) {
            errors.append("\(path): matches none of anyOf")
        }
        if case .array(let subschemas)? = s["oneOf"] {
            let passing = subschemas.filter { sub in var e: [String] = []; check(value, sub, path, &e); return e.isEmpty }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf, not exactly one") }
        }
        switch value {
        case .object(let object): checkObject(object, s, path, &errors)
        case .array(let items):
            if case .number(let min)? = s["minItems"], Double(items.count) < min {
                errors.append("\(path): fewer than \(Int(min)) items")
            }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, itemSchema, "\(path)[\(i)]", &errors) }
            }
        case .number(let n):
            if case .number(let min)? = s["minimum"], n < min { errors.append("\(path): \(n) < minimum \(min)") }
            if case .number(let max)? = s["maximum"], n > max { errors.append("\(path): \(n) > maximum \(max)") }
        case .string(let string):
            if case .string(let pattern)? = s["pattern"],
               string.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): '\(string)' does not match \(pattern)")
            }
        case .null, .bool: break
        }
    }

    func checkObject(_ object: [String: JSON], _ s: [String: JSON], _ path: String, _ errors: inout [String]) {
        if case .array(let required)? = s["required"] {
            for case .string(let key) in required where object[key] == nil {
                errors.append("\(path): missing required \(key)")
            }
        }
        var declared: [String: JSON] = [:]
        if case .object(let properties)? = s["properties"] { declared = properties }
        for (key, member) in object.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = declared[key] {
                check(member, propertySchema, "\(path).\(key)", &errors)
            } else {
                switch s["additionalProperties"] {
                case .bool(false)?: errors.append("\(path): property \(key) is not allowed")
                case let extra? where extra.isSchema: check(member, extra, "\(path).\(key)", &errors)
                default: break
                }
            }
        }
    }

    static func matches(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
             ("number", .number): true
        case ("integer", .number(let n)): n.rounded() == n
        default: false
        }
    }

    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        default: false
        }
    }
}

extension JSON {
    var isSchema: Bool {
        if case .object = self { return true }
        return false
    }
}
