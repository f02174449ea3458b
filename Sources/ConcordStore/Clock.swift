import Foundation

/// Timestamps as stored in the database: unix milliseconds.
public enum Clock {
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
