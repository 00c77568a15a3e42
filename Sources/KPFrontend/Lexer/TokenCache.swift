import Foundation
import KPIR

/// The tokens and lines of the files read most recently, by path. A default job builds
/// every variant × scenario × option value from the same kernel files; each file is
/// lexed once as long as its text does not change.
final class TokenCache: @unchecked Sendable {
    static let shared = TokenCache()

    struct Entry {
        var text: String
        var tokens: [Token]
        var lines: [String]
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The file's tokens and lines, lexed now unless the cache holds this exact text.
    func lex(_ display: String, _ text: String) throws(DiagnosticError) -> Entry {
        lock.lock()
        let cached = entries[display]
        lock.unlock()
        if let cached, cached.text == text { return cached }
        let lines = Self.lines(of: text)
        let tokens: [Token]
        do {
            tokens = try Lexer(file: display, text: text).tokenize()
        } catch {
            throw error.adding(sourceLines: [display: lines])
        }
        let entry = Entry(text: text, tokens: tokens, lines: lines)
        lock.lock()
        entries[display] = entry
        lock.unlock()
        return entry
    }

    /// The lines of `text` as the lexer numbers them: split at each newline byte, a
    /// carriage return before it left out. By bytes, not characters: a split by
    /// `Character` reads "\r\n" as one character that is not a newline (a file with
    /// Windows line ends was one line), and breaking the text into characters took a
    /// tenth of the time from the start of a run to its search.
    static func lines(of text: String) -> [String] {
        let cr = UInt8(ascii: "\r")
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == cr ? line.dropLast() : line[...], as: UTF8.self)
        }
    }
}
