import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    private static func process(_ arguments: [String], executable: String = executable) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TestModels.packageRoot)
        return process
    }

    /// Standard output and standard error to pipes, read separately; `executable` is
    /// kpcheck unless another program (a script of the repository) is given.
    static func run(_ arguments: [String], executable: String = executable) throws -> Run {
        let process = process(arguments, executable: executable)
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

    #if canImport(Glibc)
    /// Standard output and standard error both to one pseudo-terminal, as in a user's
    /// terminal: `stdout` is what the screen was sent, both streams in the order they
    /// arrived (output post-processing off, so a newline stays "\n").
    static func runOnTerminal(_ arguments: [String]) throws -> Run {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.unlockpt(master) == 0, let name = PTY.ptsname(master) else { throw POSIXError(.ENOTTY) }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENOTTY) }
        var mode = termios()
        tcgetattr(slave, &mode)
        mode.c_oflag &= ~tcflag_t(OPOST)
        tcsetattr(slave, TCSANOW, &mode)

        let process = process(arguments)
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        close(slave)
        // Reading the master fails with EIO once the child has closed its side.
        var screen = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            screen.append(contentsOf: buffer[0..<n])
        }
        process.waitUntilExit()
        close(master)
        return Run(status: process.terminationStatus, stdout: String(decoding: screen, as: UTF8.self), stderr: "")
    }
    #endif
}

#if canImport(Glibc)
/// Glibc's pseudo-terminal calls, which its Swift module does not export (they need
/// _XOPEN_SOURCE): looked up by name.
private enum PTY {
    private static func function<F>(_ name: String, _ type: F.Type) -> F { unsafeBitCast(dlsym(dlopen(nil, RTLD_NOW), name), to: type) }
    static func unlockpt(_ fd: Int32) -> Int32 { function("unlockpt", (@convention(c) (Int32) -> Int32).self)(fd) }
    static func ptsname(_ fd: Int32) -> String? {
        function("ptsname", (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)(fd).map { String(cString: $0) }
    }
}
#endif
