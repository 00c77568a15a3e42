/// A first-in first-out store of packed states for one BFS level, each kept as its
/// difference from another state: a bitmap of the words that differ, then those words.
/// Most of a state is unused stack and contexts, and neighbours in a level are mostly
/// successors of neighbouring states, so a level holds a few hundred bytes a state
/// instead of the full width, in one growing buffer with no allocation per state.
///
/// A record is encoded against the state of the record before it, or against the
/// reference state (the initial state) where it starts a chain (a restart), so records
/// are read back in order, each applied to the one before (`read(_:into:)`, which
/// threads may call on one queue at once, each with its cursor). A record may also be a
/// link (`link`): a state that is not one of the level's, kept because the next record
/// is encoded against it.
///
/// A `sequential` queue (the search's on one thread) encodes the states it is given
/// against the last one, which it copies. The queues of a search on several threads
/// (`LevelExpander`) take records other threads encoded in chains of their own
/// (`encode(_:against:into:at:)`, `append(_:encoded:restart:)`), and start a chain at
/// each state they are given whole.
///
/// Appending and reading back are O(width / 32 + differing words).
import CKernels

public struct StateQueue {
    private let reference: [UInt32]
    public let sequential: Bool
    /// What the next state is stored against: the last one appended, in a sequential queue.
    private var last: [UInt32]
    private let bitmapWords: Int
    /// The records in `words[0..<used]`; the rest is room to append into, so an append
    /// writes through one pointer with no bounds or uniqueness check per word.
    private var words: [UInt32] = []
    private var used = 0
    /// The records that start a chain (by number, ascending), besides the first.
    private var restarts: [Int] = []
    private var records = 0
    /// Where `next(into:)` reads.
    private var cursor = Cursor()
    /// The states stored (links are not).
    public private(set) var count = 0

    /// The header of a record that is not a state of the level (see the type's comment).
    public static let link = UInt32.max

    /// Where a reader is in a queue: the next record, and the next restart to meet.
    public struct Cursor {
        var offset = 0, record = 0, restart = 0

        public init() {}
    }

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

    /// Bytes the stored records take.
    public var memoryBytes: Int { used * 4 }

    /// Whether `next(into:)` has read every record.
    public var isEmpty: Bool { cursor.offset == used }

    /// Stores `state` (of the reference's width) with its id: against the last state in a
    /// sequential queue, else against the reference (a restart).
    public mutating func append(id: UInt32, _ state: PackedState) {
        precondition(state.count == reference.count, "a state of another width")
        reserve(bitmapWords + state.count + StateQueue.slack)
        let start = used, against = sequential ? last : reference, bitmapWords = bitmapWords
        used = words.withUnsafeMutableBufferPointer { w in
            state.withUnsafeBufferPointer { s in
                against.withUnsafeBufferPointer { a in
                    start + 1 + Self.encode(s, against: a, bitmapWords: bitmapWords, into: w.baseAddress! + start + 1,
                                            vectorKernels: vectorKernels)
                }
            }
        }
        // Copied, not shared: the search gives successors' states back to the system to
        // reuse (`TransitionSystem.recycle`), which a reference held here would defeat.
        if sequential { last.withUnsafeMutableBufferPointer { l in state.withUnsafeBufferPointer { _ = l.update(fromContentsOf: $0) } } }
        stored(header: id, at: start, restart: !sequential)
    }

    /// Stores a record another thread encoded (`encode(_:against:into:at:)`) with its
    /// header (an id, or `link`): against the reference when `restart`, else against the
    /// record stored before it, which must be the one it was encoded against.
    public mutating func append(_ header: UInt32, encoded: UnsafeBufferPointer<UInt32>, restart: Bool) {
        precondition(!sequential, "a sequential queue encodes its states itself")
        precondition(restart || records > 0, "a chain continued in a queue that does not hold its start")
        reserve(encoded.count)
        let start = used
        words.withUnsafeMutableBufferPointer { w in (w.baseAddress! + start + 1).update(from: encoded.baseAddress!, count: encoded.count) }
        used = start + 1 + encoded.count
        stored(header: header, at: start, restart: restart)
    }

    /// Writes `state` encoded against `previous` (nil: the reference), without a header,
    /// into `words` from `start`; returns where it ends (see `append(_:encoded:restart:)`).
    /// `words` is a buffer the caller keeps: it grows (by doubling) when it has no room for
    /// a whole state past `start`, and what lies past the end returned is left as it was.
    /// Written in place: encoding into a scratch buffer and appending what it took copied
    /// every encoded word twice.
    public func encode(_ state: PackedState, against previous: PackedState?, into words: inout [UInt32], at start: Int) -> Int {
        let most = encodingBound
        if words.count < start + most {
            words.append(contentsOf: repeatElement(0, count: max(start + most - words.count, words.count)))
        }
        return words.withUnsafeMutableBufferPointer { w in
            state.withUnsafeBufferPointer { s in
                guard let previous else { return start + encode(s, against: nil, into: w.baseAddress! + start) }
                return previous.withUnsafeBufferPointer { start + encode(s, against: $0, into: w.baseAddress! + start) }
            }
        }
    }

    /// Words an encoding takes at most, with the room past its end the kernels write into.
    private var encodingBound: Int { bitmapWords + reference.count + StateQueue.slack }

    /// `encode(_:against:into:at:)` into `out`, which has room for `encodingBound` words;
    /// returns how many words the encoding takes. Against the reference itself when
    /// `previous` is nil: no optional array is made for it.
    private func encode(_ state: UnsafeBufferPointer<UInt32>, against previous: UnsafeBufferPointer<UInt32>?,
                        into out: UnsafeMutablePointer<UInt32>) -> Int {
        precondition(!sequential, "a sequential queue encodes its states itself")
        precondition(state.count == reference.count && (previous?.count ?? state.count) == state.count,
                     "a state of another width")
        if let previous {
            return Self.encode(state, against: previous, bitmapWords: bitmapWords, into: out, vectorKernels: vectorKernels)
        }
        return reference.withUnsafeBufferPointer {
            Self.encode(state, against: $0, bitmapWords: bitmapWords, into: out, vectorKernels: vectorKernels)
        }
    }

    /// Room for a record of `words` words and its header.
    private mutating func reserve(_ stateWords: Int) {
        if used + 1 + stateWords > words.count {
            words.append(contentsOf: repeatElement(0, count: max(1 + stateWords, words.count)))
        }
    }

    private mutating func stored(header: UInt32, at start: Int, restart: Bool) {
        words[start] = header
        if restart && records > 0 { restarts.append(records) }
        records += 1
        if header != StateQueue.link { count += 1 }
    }

    /// Writes the bitmap of the words where `state` differs from `reference`, then
    /// those words, at `out`; returns how many words it wrote.
    private static func encode(_ s: UnsafeBufferPointer<UInt32>, against ref: UnsafeBufferPointer<UInt32>, bitmapWords: Int,
                               into out: UnsafeMutablePointer<UInt32>, vectorKernels: Bool) -> Int {
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

    /// The next state in insertion order, written into `state` (which holds the one
    /// before, as this queue's reads left it); its id, or nil when all were read.
    public mutating func next(into state: inout PackedState) -> UInt32? {
        var at = cursor
        defer { cursor = at }
        while let header = read(&at, into: &state) {
            if header != StateQueue.link { return header }
        }
        return nil
    }

    /// The record at `cursor`, applied to `state` (the record before it, as the last read
    /// with this cursor left it; anything at the first record or a restart): its header
    /// (an id, or `link`), and the cursor moved past it; nil after the last record. Reads
    /// only, so threads may read one queue at once.
    public func read(_ cursor: inout Cursor, into state: inout PackedState) -> UInt32? {
        guard cursor.offset < used else { return nil }
        var restart = cursor.record == 0
        if cursor.restart < restarts.count && restarts[cursor.restart] == cursor.record {
            restart = true
            cursor.restart += 1
        }
        precondition(restart || state.count == reference.count, "a record read without the one before it")
        if restart { reset(&state) }
        let (header, end) = apply(at: cursor.offset, to: &state)
        cursor.offset = end
        cursor.record += 1
        return header
    }

    /// `state` made the reference.
    private func reset(_ state: inout PackedState) {
        if state.count != reference.count { state = reference } else {
            state.withUnsafeMutableBufferPointer { s in
                reference.withUnsafeBufferPointer { ref in _ = s.update(fromContentsOf: ref) }
            }
        }
    }

    /// Puts the words of the record at `offset` into `state`; its header and where the
    /// next record starts.
    private func apply(at offset: Int, to state: inout PackedState) -> (header: UInt32, end: Int) {
        let header = words[offset]
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
        return (header, value)
    }

    /// Empties the queue, keeping its buffers.
    public mutating func removeAll() {
        last = reference
        used = 0
        restarts.removeAll(keepingCapacity: true)
        records = 0
        cursor = Cursor()
        count = 0
    }
}
