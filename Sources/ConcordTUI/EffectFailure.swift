/// Why a command could not be performed (a full disk, a lost mount), as the screen shows it.
/// A value, so results that carry it are Sendable and compare in tests.
public struct EffectFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public init(_ error: any Error) { message = (error as? EffectFailure)?.message ?? "\(error)" }

    public var description: String { message }

    /// The result of `body`, its error as an `EffectFailure`.
    public static func catching<Value>(_ body: () throws -> Value) -> Result<Value, EffectFailure> {
        do { return .success(try body()) } catch { return .failure(EffectFailure(error)) }
    }
}
