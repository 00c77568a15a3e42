/// A first-in first-out store of packed states for one BFS level, kept as the
/// difference from a reference state (the initial state): a bitmap of the words that
/// differ, then those words. Most of a state is unused stack and contexts that
/// match the reference, so a level holds a few hundred bytes a state instead of the
/// full width, in one growing buffer with no allocation per state.
///
/// Appending and reading back are O(width / 32 + differing words).
///
/// A `sequential` queue stores each state against the one appended before it instead (the
/// first against the reference), and gives states back only in order (`next(into:)`):
/// neighbours in a level are mostly successors of neighbouring states, so they differ in
/// fewer words. The search on one thread uses it; threads read chunks apart (each chunk a
/// queue of its own, see `LevelExpander`), so a search on
/// several does not.
import CKernels

public struct StateQueue {
    private let reference: [UInt32]
    public let sequential: Bool
    /// What the next state is stored against: the last one appended, in a sequential queue.
    private var last: [UInt32]
    private let bitmapWords: Int
    /// The stored states in `words[0..<used]`; the rest is room to append into, so an
    /// append writes through one pointer with no bounds or uniqueness check per word.
    private var words: [UInt32] = []
    private var used = 0
    private var readOffset = 0
    public private(set) var count = 0

    /// Encode and read back with `CKernels` (compress and expand 16 words at a time; see
    /// `VectorKernels`): the same words as the portable code, in about a quarter of its time.
    public let vectorKernels: Bool
    /// Room an encoding needs past its end (the kernels store 16 words at a time).
    static let slack = 16

    public init(reference: PackedState, sequential: Bool = false, vectorKernels: Bool = VectorKernels.available) {
        self.reference = reference
        self.sequential = sequential
        self.vectorKernels = vectorKernels && VectorKernels.available
        last = reference
        bitmapWords = (reference.count + 31) / 32
    }

    /// Bytes the stored states take.
    public var memoryBytes: Int { used * 4 }

    public var isEmpty: Bool { readOffset == used }

    /// Stores `state` (of the reference's width) with its id.
    public mutating func append(id: UInt32, _ state: PackedState) {
        precondition(state.count == reference.count, "a state of another width")
        reserve(bitmapWords + state.count + StateQueue.slack)
        let start = used, against = sequential ? last : reference, bitmapWords = bitmapWords
        used = words.withUnsafeMutableBufferPointer { w in
            start + 1 + Self.encode(state, against: against, bitmapWords: bitmapWords, into: w.baseAddress! + start + 1,
                                    vectorKernels: vectorKernels)
        }
        // Copied, not shared: the search gives successors' states back to the system to
        // reuse (`TransitionSystem.recycle`), which a reference held here would defeat.
        if sequential { last.withUnsafeMutableBufferPointer { l in state.withUnsafeBufferPointer { _ = l.update(fromContentsOf: $0) } } }
        stored(id: id, at: start)
    }

    /// Stores a state `encode(_:into:at:)` encoded (`encoded`) with its id: a thread
    /// that made the state encodes it, and the search only copies the words.
    public mutating func append(id: UInt32, encoded: ArraySlice<UInt32>) {
        precondition(!sequential, "a sequential queue encodes its states itself")
        reserve(encoded.count)
        let start = used
        words.withUnsafeMutableBufferPointer { w in
            encoded.withUnsafeBufferPointer { e in (w.baseAddress! + start + 1).update(from: e.baseAddress!, count: e.count) }
        }
        used = start + 1 + encoded.count
        stored(id: id, at: start)
    }

    /// Writes `state` as the queue stores it, without its id, into `words` from `start`;
    /// returns where it ends (see `append(id:encoded:)`). `words` is a buffer the caller
    /// keeps: it grows (by doubling) when it has no room for a whole state past `start`,
    /// and what lies past the end returned is left as it was. Written in place: encoding
    /// into a scratch buffer and appending what it took copied every encoded word twice.
    public func encode(_ state: PackedState, into words: inout [UInt32], at start: Int) -> Int {
        precondition(!sequential, "a sequential queue encodes its states itself")
        precondition(state.count == reference.count, "a state of another width")
        let most = bitmapWords + state.count + StateQueue.slack, reference = reference, bitmapWords = bitmapWords
        if words.count < start + most {
            words.append(contentsOf: repeatElement(0, count: max(start + most - words.count, words.count)))
        }
        return words.withUnsafeMutableBufferPointer { w in
            start + Self.encode(state, against: reference, bitmapWords: bitmapWords, into: w.baseAddress! + start,
                                vectorKernels: vectorKernels)
        }
    }

    /// Room for a state of `words` words and its id.
    private mutating func reserve(_ stateWords: Int) {
        if used + 1 + stateWords > words.count {
            words.append(contentsOf: repeatElement(0, count: max(1 + stateWords, words.count)))
        }
    }

    private mutating func stored(id: UInt32, at start: Int) {
        words[start] = id
        count += 1
    }

    /// Writes the bitmap of the words where `state` differs from the reference, then
    /// those words, at `out`; returns how many words it wrote.
    private static func encode(_ state: PackedState, against reference: [UInt32], bitmapWords: Int,
                               into out: UnsafeMutablePointer<UInt32>, vectorKernels: Bool) -> Int {
        reference.withUnsafeBufferPointer { ref in
            state.withUnsafeBufferPointer { s in
                if vectorKernels {
                    return kp_encode_avx512(s.baseAddress!, ref.baseAddress!, s.count, bitmapWords, out)
                }
                var end = bitmapWords
                for b in 0..<bitmapWords {
                    var bits = WordRuns.differences(s, ref, at: b << 5)
                    out[b] = bits
                    while bits != 0 {
                        out[end] = s[b << 5 + bits.trailingZeroBitCount]
                        end += 1
                        bits &= bits - 1
                    }
                }
                return end
            }
        }
    }

    /// The next state in insertion order, written into `state`; nil when all were read.
    public mutating func next(into state: inout PackedState) -> UInt32? {
        guard readOffset < used else { return nil }
        // A sequential queue's state is the one before it (in `state`) with its words put in.
        if !sequential || readOffset == 0 { reset(&state) }
        let (id, end) = apply(at: readOffset, to: &state)
        readOffset = end
        return id
    }

    /// The state stored at `offset` (0, or where the one before it ended),
    /// written into `state`; its id and where the next state starts. Reads only, so
    /// threads may read one queue at once.
    public func read(at offset: Int, into state: inout PackedState) -> (id: UInt32, end: Int) {
        precondition(!sequential, "a sequential queue is read in order")
        precondition(offset < used, "no state stored at \(offset)")
        reset(&state)
        return apply(at: offset, to: &state)
    }

    /// `state` made the reference.
    private func reset(_ state: inout PackedState) {
        if state.count != reference.count { state = reference } else {
            state.withUnsafeMutableBufferPointer { s in
                reference.withUnsafeBufferPointer { ref in _ = s.update(fromContentsOf: ref) }
            }
        }
    }

    /// Puts the words of the state stored at `offset` into `state`; its id and where the
    /// next state starts.
    private func apply(at offset: Int, to state: inout PackedState) -> (id: UInt32, end: Int) {
        let id = words[offset]
        var value = offset + 1 + bitmapWords
        words.withUnsafeBufferPointer { w in
            state.withUnsafeMutableBufferPointer { s in
                if vectorKernels {
                    value += kp_apply_avx512(w.baseAddress! + offset + 1, bitmapWords, w.baseAddress! + value, s.baseAddress!, s.count)
                    return
                }
                for b in 0..<bitmapWords {
                    var bits = w[offset + 1 + b]
                    while bits != 0 {
                        let i = b << 5 + bits.trailingZeroBitCount
                        s[i] = w[value]
                        value += 1
                        bits &= bits - 1
                    }
                }
            }
        }
        return (id, value)
    }

    /// Empties the queue, keeping its buffer.
    public mutating func removeAll() {
        last = reference
        used = 0
        readOffset = 0
        count = 0
    }
}
