import Foundation
import KPReport

/// A saved trace is report data (KPReport); the driver writes and reads its files.
extension SavedTrace {
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
