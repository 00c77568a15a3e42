import Foundation
import KPIR
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
            throw DiagnosticError(DriverError.noTraceFile(path))
        }
        let trace: SavedTrace
        do {
            trace = try JSONDecoder().decode(SavedTrace.self, from: data)
        } catch {
            throw DiagnosticError(DriverError.notATrace(path, reason: error.localizedDescription))
        }
        if let format = trace.format, format > SavedTrace.currentFormat {
            throw DiagnosticError(DriverError.traceFormatTooNew(path, format: format, known: SavedTrace.currentFormat))
        }
        return trace
    }
}
