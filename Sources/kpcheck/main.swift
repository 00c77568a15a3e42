import ArgumentParser
import Foundation
import KPDriver

// swift-argument-parser exits 64 on a usage error; kpcheck's contract says 2.
do {
    var command = try KPCheck.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = KPCheck.exitCode(for: error)
    if code == .success {
        print(KPCheck.fullMessage(for: error))
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((KPCheck.fullMessage(for: error) + "\n").utf8))
    Foundation.exit(2)
}
