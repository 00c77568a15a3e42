import Foundation

/// The `kpcheck` built next to the test bundle, run as a user runs it.
enum KPCheckProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundle
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("kpcheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return bundle.appendingPathComponent("kpcheck").path
    }()

    private static func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TestModels.packageRoot)
        return process
    }

    /// Standard output and standard error to pipes, read separately.
    static func run(_ arguments: [String]) throws -> Run {
        let process = process(arguments)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}
