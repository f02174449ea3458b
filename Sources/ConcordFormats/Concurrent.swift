import Dispatch

extension Concurrent where Value == Never {
    /// `transform` over the indices on all cores; results in index order.
    /// `transform` must be safe to call from several threads at once (it only reads shared data).
    public static func map<T>(_ indices: Range<Int>, _ transform: (Int) -> T) -> [T] {
        let box = ResultsBox<T>(count: indices.count)
        withoutActuallyEscaping(transform) { escapable in
            let work = UncheckedSendable(value: escapable)
            DispatchQueue.concurrentPerform(iterations: indices.count) { offset in
                box.set(offset, work.value(indices.lowerBound + offset))
            }
        }
        return box.values.map { $0! }
    }
}

/// Hands a value to another thread that is from then on its only user.
public struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

private final class ResultsBox<T>: @unchecked Sendable {
    public var values: [T?]
    private let lock = DispatchSemaphore(value: 1)
    public init(count: Int) { values = Array(repeating: nil, count: count) }
    public func set(_ index: Int, _ value: T) { lock.wait(); values[index] = value; lock.signal() }
}

/// A value computed on another thread; `wait()` returns it or rethrows its error.
public final class Concurrent<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<Value, Error>?

    public init() {}

    public func start(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.group.leave()
        }
    }

    public func wait() throws -> Value {
        group.wait()
        return try result!.get()
    }
}
