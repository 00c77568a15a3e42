import KPIR

/// Integer literals with C's types, simplified: without a suffix `int` if the value fits,
/// else (hex and octal may also be `unsigned int`) `long`, else `u64`; `U` → `unsigned int`
/// or `u64`; `L`/`LL` → `long` or `u64`; `UL`/`ULL` → `u64`.
enum IntegerLiteral {
    static func parse(_ text: String) -> Result<(UInt64, IntType), SyntaxError> {
        var digits = Substring(text)
        var unsigned = false, longs = 0
        while let last = digits.last, "uUlL".contains(last) {
            if last == "u" || last == "U" {
                if unsigned { return .failure(.invalidIntegerLiteral(text)) }
                unsigned = true
            } else {
                longs += 1
            }
            digits = digits.dropLast()
        }
        if longs > 2 { return .failure(.invalidIntegerLiteral(text)) }
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count > 1 && digits.hasPrefix("0") {
            radix = 8
            digits = digits.dropFirst()
        }
        if digits.contains(where: { ".eEpP".contains($0) }) && radix != 16 || digits.contains(".") {
            return .failure(.unsupported(.floatingPoint))
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: 16)! < radix }) else {
            return .failure(.invalidIntegerLiteral(text))
        }
        guard let value = UInt64(digits, radix: radix) else { return .failure(.integerLiteralTooLarge(text)) }
        let candidates: [IntType] = switch (unsigned, longs > 0) {
        case (false, false): radix == 10 ? [.int, .long, .u64] : [.int, .u32, .long, .u64]
        case (true, false): [.u32, .u64]
        case (false, true): [.long, .u64]
        case (true, true): [.u64]
        }
        let type = candidates.first { $0.normalize(value) == value && ($0.signed ? Int64(bitPattern: value) >= 0 : true) }
        return .success((value, type ?? .u64))
    }
}
