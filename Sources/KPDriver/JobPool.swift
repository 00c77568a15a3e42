import Foundation

/// Independent checks spread over threads (`--threads`). Each job builds its own
/// machine, with its own term store, `eff` table and solver context, so jobs share
/// nothing but the callbacks, which run one at a time. Results come back in job order,
/// so a report never depends on the number of threads; only the order in which jobs
/// start and end (progress lines, `--stats`) does.
public enum JobPool {
    /// `body(i)` for every i in `0..<count` on up to `threads` threads. `onEnd` hears of
    /// each result as it comes, one call at a time. The first error in job order is
    /// rethrown, after the jobs already running end; no job starts after an error.
    public static func map<T>(_ count: Int, threads: Int, _ body: (Int) throws -> T,
                              onEnd: (Int, T) -> Void = { _, _ in }) throws -> [T] {
        if threads <= 1 || count <= 1 {
            return try (0..<count).map { i in
                let value = try body(i)
                onEnd(i, value)
                return value
            }
        }
        return try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(onEnd) { onEnd in
                let shared = Shared<T>(count: count, body: body, onEnd: onEnd)
                DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in shared.work() }
                return try shared.results()
            }
        }
    }

    /// What the workers share: the next job to take, the results, and the callbacks,
    /// all behind one lock except the jobs themselves.
    private final class Shared<T>: @unchecked Sendable {
        private let lock = NSLock()
        private let count: Int
        private let body: (Int) throws -> T
        private let onEnd: (Int, T) -> Void
        private var next = 0
        private var failed = false
        private var slots: [Result<T, Error>?]

        init(count: Int, body: @escaping (Int) throws -> T, onEnd: @escaping (Int, T) -> Void) {
            self.count = count
            self.body = body
            self.onEnd = onEnd
            slots = Array(repeating: nil, count: count)
        }

        func work() {
            while let i = take() {
                let result = Result { try body(i) }
                lock.lock()
                slots[i] = result
                switch result {
                case .success(let value): onEnd(i, value)
                case .failure: failed = true
                }
                lock.unlock()
            }
        }

        private func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard !failed, next < count else { return nil }
            next += 1
            return next - 1
        }

        /// Every result in order, or the first error in job order.
        func results() throws -> [T] {
            var values: [T] = []
            for slot in slots {
                guard let slot else { break }
                values.append(try slot.get())
            }
            // Only an error stops the workers before every slot is filled.
            precondition(values.count == count, "a job neither ended nor failed")
            return values
        }
    }
}

/// A value computed on a thread of its own while the caller goes on: `value()` waits for
/// it, and rethrows what computing it threw.
final class Beside<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let work: () throws -> T
    private var result: Result<T, Error>?

    init(_ work: @escaping () throws -> T) {
        self.work = work
        let thread = Thread { [self] in
            result = Result { try self.work() }
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
