/// The messages of a screen that takes keys without their time (it measures nothing) and has no
/// use for ticks. The terminal's input maps onto them the same way for every such screen; the
/// message enum's cases `key`, `resized` and `interrupted` are all it takes.
public protocol UntimedInputMessage {
    static func key(_ key: Key) -> Self
    static var resized: Self { get }
    static var interrupted: Self { get }
}

extension Screen where Message: UntimedInputMessage {
    public static func message(for input: TerminalInput) -> Message? {
        switch input {
        case let .key(key, _): return .key(key)
        case .resized: return .resized
        case .tick: return nil
        case .interrupted: return .interrupted
        }
    }
}
