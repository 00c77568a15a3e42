import Foundation

/// A lossless visited set (`--exact`): every state is kept, so two distinct states are
/// never taken for one and a `holds` rests on no fingerprint.
///
/// Compressed in two levels, as SPIN's COLLAPSE mode and LTSmin's tree compression do.
/// A state is cut into segments of `segmentWords` words and each distinct segment is
/// stored once: a task's stack, a CPU's registers, the scheduler's words recur across
/// many states in few combinations. A state is then stored as the segments where it
/// differs from the reference state (most of it is unused stack and contexts that
/// match): a bitmap of those segments, then their ids. A segment's id is unique to its
/// words, so two states are equal exactly when their records are, and the index
/// compares records, never decoded states.
///
/// Insert: O(width) to compare with the state inserted before (and with the reference
/// where they differ), one hash lookup per segment that differs from both, and one
/// for the record.
public struct ExactStateSet: StateSet {
    /// Words per segment: shorter ones recur more but cost a 4-byte id each. On
    /// `vmalloc-3x3` (406-word states; 2 million, with parent links), 8 words took 141
    /// bytes a state, 16 took 98, 32 took 81 and 64 took 86.
    public static let segmentWords = 32
    @usableFromInline let reference: [UInt32]
    @usableFromInline let bitmapWords: Int
    @usableFromInline var segments = WordInterner(capacity: 1 << 12)
    @usableFromInline var records = WordInterner(capacity: 1 << 16)
    /// The state inserted last and the id plus one of each of its segments (0: as in the
    /// reference). A search inserts the successors of one state in a row, and they
    /// share most segments: those need no lookup.
    @usableFromInline var last: [UInt32]
    @usableFromInline var lastSegments: [UInt32]
    /// The record being built, kept to save an allocation per insert.
    @usableFromInline var record: [UInt32] = []

    public init(reference: PackedState) {
        self.reference = reference
        let segmentCount = (reference.count + Self.segmentWords - 1) / Self.segmentWords
        bitmapWords = (segmentCount + 31) / 32
        last = reference
        lastSegments = Array(repeating: 0, count: segmentCount)
    }

    public static var isExact: Bool { true }

    public var count: Int { records.count }

    public var memoryBytes: Int { segments.memoryBytes + records.memoryBytes }

    @inlinable
    public mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool) {
        precondition(state.count == reference.count, "a state of another width")
        // Worked on as locals, so the closures below touch no property of `self` but
        // `segments`.
        var record: [UInt32] = [], last: [UInt32] = [], lastSegments: [UInt32] = []
        swap(&record, &self.record)
        swap(&last, &self.last)
        swap(&lastSegments, &self.lastSegments)
        record.removeAll(keepingCapacity: true)
        record.append(contentsOf: repeatElement(0, count: bitmapWords))
        let ref = reference, width = state.count, step = Self.segmentWords
        state.withUnsafeBufferPointer { s in
            ref.withUnsafeBufferPointer { r in
                last.withUnsafeMutableBufferPointer { l in
                    var start = 0, k = 0
                    while start < width {
                        let end = min(start + step, width), bytes = (end - start) * 4
                        if memcmp(s.baseAddress! + start, l.baseAddress! + start, bytes) != 0 {
                            let segment = UnsafeBufferPointer(rebasing: s[start..<end])
                            lastSegments[k] = memcmp(s.baseAddress! + start, r.baseAddress! + start, bytes) == 0
                                ? 0 : segments.intern(segment).id + 1
                            (l.baseAddress! + start).update(from: s.baseAddress! + start, count: end - start)
                        }
                        if lastSegments[k] != 0 {
                            record[k >> 5] |= 1 << UInt32(k & 31)
                            record.append(lastSegments[k] - 1)
                        }
                        start = end
                        k += 1
                    }
                }
            }
        }
        let result = record.withUnsafeBufferPointer { records.intern($0) }
        swap(&record, &self.record)
        swap(&last, &self.last)
        swap(&lastSegments, &self.lastSegments)
        return result
    }
}

/// Runs of words, each distinct one stored once in an arena with an id (the order it was
/// first seen). Open addressing with linear probing over slots that hold 32 bits of the
/// hash and the id, grown at 3/4 load; a probe compares words only when the 32 bits
/// match. 8 bytes a slot, 8 a run, 4 a word.
@usableFromInline
struct WordInterner {
    @usableFromInline var words: [UInt32] = []
    /// Run `i` is `words[starts[i]..<starts[i + 1]]`.
    @usableFromInline var starts: [UInt64] = [0]
    /// 0 is empty; else the hash's high 32 bits, then the id plus one.
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int

    @usableFromInline
    init(capacity: Int) {
        var size = 16
        while size < capacity * 4 / 3 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @usableFromInline var count: Int { starts.count - 1 }

    @usableFromInline var memoryBytes: Int { words.count * 4 + starts.count * 8 + slots.count * 8 }

    @inlinable
    mutating func intern(_ run: UnsafeBufferPointer<UInt32>) -> (id: UInt32, inserted: Bool) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(run)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 {
                let id = count
                precondition(id < Int(UInt32.max), "more than 2³² - 1 distinct states")
                words.append(contentsOf: run)
                starts.append(UInt64(words.count))
                slots[slot] = tag | UInt64(id + 1)
                return (UInt32(id), true)
            }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(id, run) { return (UInt32(id), false) }
            }
            slot = (slot + 1) & mask
        }
    }

    @inlinable
    func equals(_ id: Int, _ run: UnsafeBufferPointer<UInt32>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == run.count else { return false }
        if run.isEmpty { return true }
        return words.withUnsafeBufferPointer { w in
            memcmp(w.baseAddress! + start, run.baseAddress!, run.count * 4) == 0
        }
    }

    /// Multiply-xorshift over pairs of words.
    @inlinable
    static func hash(_ run: UnsafeBufferPointer<UInt32>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(run.count)
        var i = 0
        while i + 2 <= run.count {
            h = (h ^ (UInt64(run[i]) | UInt64(run[i + 1]) << 32)) &* k
            h ^= h >> 29
            i += 2
        }
        if i < run.count {
            h = (h ^ UInt64(run[i])) &* k
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @usableFromInline
    mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        words.withUnsafeBufferPointer { w in
            for id in 0..<count {
                let hash = Self.hash(UnsafeBufferPointer(rebasing: w[Int(starts[id])..<Int(starts[id + 1])]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
            }
        }
    }
}
