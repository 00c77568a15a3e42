/// Booleans as people write them: Kconfig's `y`/`n`, command-line habits (`yes`/`no`,
/// `on`/`off`, `1`/`0`) and `true`/`false`, in any case. `--set`, `--sweep` and
/// manifests all read booleans through here, so they accept the same spellings.
public enum BooleanSpelling {
    /// The spellings, for messages that reject a value.
    public static let accepted = "true/false, yes/no, on/off, y/n, 1/0"

    /// How a boolean setting is named in messages.
    static let expected = "a boolean (\(accepted))"

    public static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "y", "1": true
        case "false", "no", "off", "n", "0": false
        default: nil
        }
    }
}
