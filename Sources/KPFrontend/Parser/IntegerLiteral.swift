import KPIR

/// Integer literals with C's types, simplified: without a suffix `int` if the value fits,
/// else (hex and octal may also be `unsigned int`) `long`, else `u64`; `U` → `unsigned int`
/// or `u64`; `L`/`LL` → `long` or `u64`; `UL`/`ULL` → `u64`.
enum IntegerLiteral {
    static func parse(_ text: String) -> Result<(UInt64, IntType), SyntaxError> {
        var bytes = Array(text.utf8)[...]
        var unsigned = false, longs = 0
        while let last = bytes.last, last | 0x20 == UInt8(ascii: "u") || last | 0x20 == UInt8(ascii: "l") {
            if last | 0x20 == UInt8(ascii: "u") {
                if unsigned { return .failure(.invalidIntegerLiteral(text)) }
                unsigned = true
            } else {
                longs += 1
            }
            bytes = bytes.dropLast()
        }
        if longs > 2 { return .failure(.invalidIntegerLiteral(text)) }
        var radix: UInt64 = 10
        if bytes.count > 2 && bytes.first == UInt8(ascii: "0") && bytes.dropFirst().first! | 0x20 == UInt8(ascii: "x") {
            radix = 16
            bytes = bytes.dropFirst(2)
        } else if bytes.count > 1 && bytes.first == UInt8(ascii: "0") {
            radix = 8
            bytes = bytes.dropFirst()
        }
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64((byte | 0x20) - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "p"), UInt8(ascii: "P"):
                return .failure(.unsupported(.floatingPoint))
            default: return .failure(.invalidIntegerLiteral(text))
            }
            if radix != 16 && (byte | 0x20 == UInt8(ascii: "e")) { return .failure(.unsupported(.floatingPoint)) }
            guard digit < radix else { return .failure(.invalidIntegerLiteral(text)) }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            if overflow || carry { return .failure(.integerLiteralTooLarge(text)) }
            value = sum
        }
        let candidates: [IntType] = switch (unsigned, longs > 0) {
        case (false, false): radix == 10 ? [.int, .long, .u64] : [.int, .u32, .long, .u64]
        case (true, false): [.u32, .u64]
        case (false, true): [.long, .u64]
        case (true, true): [.u64]
        }
        let type = candidates.first { $0.normalize(value) == value && (!$0.signed || Int64(bitPattern: value) >= 0) }
        return .success((value, type ?? .u64))
    }
}
