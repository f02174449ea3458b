/// A 64-bit key of a text after normalisation (case folded, punctuation and symbols dropped,
/// runs of whitespace made one space), so that "Play  some MUSIC!" and "play some music" are the same item
/// for the leakage check. FNV-1a over the normalised scalars: no string is built, and two
/// different texts share a key with a chance of about n²/2⁶⁵ (10⁻⁷ at a million items).
enum TextKey {
    /// The key of `text`, or nil when nothing is left after normalising (only punctuation, emoji or
    /// space): such texts carry no words to leak.
    static func of(_ text: String) -> UInt64? {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var pendingSpace = false, started = false
        // Four bytes for every scalar: with fewer, one letter could hash as two others ("慡" as "aa").
        func mix(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash ^= UInt64((value >> UInt32(shift)) & 0xFF)
                hash = hash &* 0x0000_0100_0000_01B3
            }
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
        return started ? hash : nil
    }
}
