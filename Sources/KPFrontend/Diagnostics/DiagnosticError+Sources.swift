import KPIR

extension DiagnosticError {
    /// Rendered like `render()`, quoting also the files it points into whose lines it did
    /// not capture, read through `files`: errors the machine or the driver raise about a
    /// model carry its locations but none of its text.
    public func render(reading files: SourceProvider) -> String {
        var sources: [String: [String]] = [:]
        for file in self.files where sourceLines[file] == nil {
            guard let text = files.read(SourcePath.absolute(file)) else { continue }
            sources[file] = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return render(sources: sources)
    }
}
