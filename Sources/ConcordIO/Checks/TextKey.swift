/// A 64-bit key of a text after normalisation (case folded, punctuation and symbols dropped,
/// runs of whitespace made one space), so that "Play  some MUSIC!" and "play some music" are the same item
/// for the leakage check. FNV-1a over the normalised scalars: no string is built, and two
/// different texts share a key with a chance of about n²/2⁶⁵ (10⁻⁷ at a million items).
enum TextKey {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var pendingSpace = false, started = false
        func mix(_ value: UInt32) {
            var v = value
            repeat {
                hash ^= UInt64(v & 0xFF)
                hash = hash &* 0x0000_0100_0000_01B3
                v >>= 8
            } while v != 0
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            var kept: UInt32?
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7A: kept = value
                case 0x41...0x5A: kept = value + 0x20
                case 0x09...0x0D, 0x20: pendingSpace = started; continue
                default: continue
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                kept = scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value
            } else if scalar.properties.generalCategory == .nonspacingMark {
                kept = value
            }
            guard let kept else {
                // Whitespace separates words; punctuation and symbols vanish ("don't" = "dont").
                if scalar.properties.isWhitespace { pendingSpace = started }
                continue
            }
            if pendingSpace { mix(0x20); pendingSpace = false }
            mix(kept)
            started = true
        }
        return hash
    }
}
