import Foundation

/// A lossless visited set: every state is kept, so two distinct states are never taken
/// for one and a `holds` rests on no fingerprint. Tree compression, as LTSmin stores
/// states (SPIN's COLLAPSE is its one-level form).
///
/// A state is cut into segments of `segmentWords` words; each distinct segment is stored
/// once and named by an id (a task's stack, a CPU's words, the scheduler's words recur
/// across many states in few combinations). The ids are then paired, level by level,
/// each distinct pair stored once with an id, up to one root pair: the state. Two states
/// are equal exactly when their roots are, since every id stands for exactly one run of
/// words. A new state costs its root pair (8 bytes and a slot) and the few inner pairs no
/// state had before; the segments and the pairs near them are shared.
///
/// Insert: O(width) to compare with the state inserted before, then one lookup per
/// segment that differs from it and one per pair above a changed one. A search inserts
/// the successors of one state in a row, and they differ from each other in few
/// segments, so most of the tree is reused.
public struct TreeStateSet: StateSet {
    /// Words per segment. On `vmalloc-2x2` (488-word states; kpkeys-v8, reset on, 484,016
    /// states), 16 words took 44 bytes a state and 32 took 49, but 16 needs a level more
    /// of pairs and was slower; the one-level form this replaced took 70.
    public static let segmentWords = 32
    @usableFromInline var segments = WordInterner(capacity: 1 << 12)
    /// `levels[0]` pairs segment ids, `levels[k]` pairs ids of `levels[k - 1]`; the last
    /// holds the roots, so its ids are the states' ids.
    @usableFromInline var levels: [KeyInterner]
    /// The state inserted last.
    @usableFromInline var last: [UInt32]
    /// The id of each node of the last state's tree, level by level (the segments first,
    /// the root last): level k's nodes at `nodes[offsets[k]..<offsets[k + 1]]`.
    @usableFromInline var nodes: [UInt32]
    @usableFromInline let offsets: [Int]
    /// Which entries of `nodes` this insert changed.
    @usableFromInline var dirty: [Bool]

    public init(reference: PackedState) {
        last = reference
        var width = max(1, (reference.count + Self.segmentWords - 1) / Self.segmentWords)
        var offsets = [0, width]
        levels = []
        repeat {
            width = (width + 1) / 2
            offsets.append(offsets[offsets.count - 1] + width)
            levels.append(KeyInterner(capacity: width == 1 ? 1 << 16 : 1 << 10))
        } while width > 1
        self.offsets = offsets
        nodes = Array(repeating: 0, count: offsets[offsets.count - 1])
        // Every node is computed on the first insert.
        dirty = Array(repeating: true, count: nodes.count)
        first = true
    }

    @usableFromInline var first: Bool

    public static var isExact: Bool { true }

    public var count: Int { levels[levels.count - 1].count }

    public var memoryBytes: Int { levels.reduce(segments.memoryBytes) { $0 + $1.memoryBytes } }

    @inlinable
    public static func key(of state: PackedState) -> PackedState { state }

    public mutating func insert(key state: PackedState) -> (id: UInt32, inserted: Bool) { insert(state) }

    public mutating func insert(_ state: PackedState) -> (id: UInt32, inserted: Bool) {
        precondition(state.count == last.count, "a state of another width")
        let width = state.count, step = Self.segmentWords, first = self.first
        self.first = false
        var changed = first
        var nodes: [UInt32] = [], dirty: [Bool] = []
        swap(&nodes, &self.nodes)
        swap(&dirty, &self.dirty)
        defer {
            swap(&nodes, &self.nodes)
            swap(&dirty, &self.dirty)
        }
        state.withUnsafeBufferPointer { s in
            last.withUnsafeMutableBufferPointer { l in
                var start = 0, k = 0
                while start < width {
                    let end = min(start + step, width)
                    if first || memcmp(s.baseAddress! + start, l.baseAddress! + start, (end - start) * 4) != 0 {
                        nodes[k] = segments.intern(UnsafeBufferPointer(rebasing: s[start..<end])).id
                        (l.baseAddress! + start).update(from: s.baseAddress! + start, count: end - start)
                        dirty[k] = true
                        changed = true
                    }
                    start = end
                    k += 1
                }
            }
        }
        let root = offsets[offsets.count - 2]
        guard changed else { return (nodes[root], false) }
        var inserted = false
        for level in levels.indices {
            let base = offsets[level], above = offsets[level + 1], below = above - base
            for i in 0..<(offsets[level + 2] - above) {
                let l = base + 2 * i, r = l + 1
                let hasRight = 2 * i + 1 < below
                guard dirty[l] || (hasRight && dirty[r]) else { continue }
                dirty[l] = false
                let right = hasRight ? nodes[r] : UInt32.max
                if hasRight { dirty[r] = false }
                let (id, new) = levels[level].intern(UInt64(nodes[l]) << 32 | UInt64(right))
                nodes[above + i] = id
                dirty[above + i] = true
                inserted = new
            }
        }
        dirty[root] = false
        return (nodes[root], inserted)
    }
}
