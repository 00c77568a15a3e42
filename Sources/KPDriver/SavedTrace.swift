import Foundation
import KPReport

/// A counterexample as `--trace-out` writes it and `kpcheck replay` reads it: enough
/// to rebuild the model and re-execute every step.
public struct SavedTrace: Codable {
    public var tool = "kpcheck"
    public var variant: String
    public var scenario: String
    public var options: [String: String]
    public var overrides: [String]
    public var settings: [String: String]
    public var property: String
    public var message: String
    /// Index of the successor taken at each step (the first entry picks the initial state).
    public var path: [UInt32]
    public var steps: [TraceStep]

    public var fileName: String {
        let opts = options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ",")
        let base = [variant, scenario, property] + (opts.isEmpty ? [] : [opts])
        let safe = base.joined(separator: "__").map { $0.isLetter || $0.isNumber || "-_=,.".contains($0) ? $0 : "_" }
        return String(safe) + ".json"
    }

    public func write(to directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (directory as NSString).appendingPathComponent(fileName)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        return path
    }

    public static func read(from path: String) throws -> SavedTrace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DriverError("\(path): no such trace file")
        }
        do {
            return try JSONDecoder().decode(SavedTrace.self, from: data)
        } catch {
            throw DriverError("\(path): not a kpcheck trace: \(error.localizedDescription)")
        }
    }
}

/// A usage or model problem the driver reports (exit status 2).
public struct DriverError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
