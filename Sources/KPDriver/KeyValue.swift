import KPIR

/// One `KEY=VALUE` argument of the command line (`--set`, `--sweep KEY=v1,v2,…`,
/// `--override-for NAME=FILE`, `--patch-for NAME=FILE`), parsed one way for all of
/// them: the key is what comes before the first `=`, the value the rest, `=` and all;
/// neither may be empty.
public struct KeyValue: Equatable, Sendable {
    public var key: String
    public var value: String

    /// `text` as given to `option`; `shape` is how the option's help spells the form,
    /// for the error.
    public init(parsing text: String, option: String, shape: String = "KEY=VALUE") throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
              text.index(after: equals) != text.endIndex else {
            throw DiagnosticError(DriverError.malformedKeyValue(option: option, shape: shape, text: text))
        }
        key = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
    }

    /// Settings given as repeated `option KEY=VALUE`, by key. A key given twice is an
    /// error rather than last-wins: a run's report would name one value while the
    /// command line shows two.
    public static func settings(_ items: [String], option: String = "--set") throws -> [String: String] {
        var given: [String: (item: String, value: String)] = [:]
        for item in items {
            let pair = try KeyValue(parsing: item, option: option)
            if let first = given[pair.key] {
                throw DiagnosticError(DriverError.repeatedKey(option: option, key: pair.key, first: first.item, second: item))
            }
            given[pair.key] = (item, pair.value)
        }
        return given.mapValues(\.value)
    }
}
