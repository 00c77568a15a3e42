/// Copies in storage of their own. A copy of an array or dictionary shares its buffer
/// until one side changes it, and that side then copies the whole buffer: `unshared()`
/// makes the copy now, on the thread that asks, so that the other side, on another
/// thread, keeps its buffer unshared (a machine's replica copying the machine's tables,
/// see `Machine.synchronize(with:)`).
extension RangeReplaceableCollection {
    @inlinable
    public func unshared() -> Self {
        var copy = self
        copy.reserveCapacity(count)
        return copy
    }
}

extension Dictionary {
    @inlinable
    public func unshared() -> [Key: Value] {
        var copy = self
        copy.reserveCapacity(count)
        return copy
    }
}
