import Foundation

/// Runs a producer on a thread of its own, a few batches ahead of the consumer, so that parsing
/// a file and writing it to the database use both cores. Batches arrive in the order they were
/// made; the bound on the queue keeps memory flat when the producer outruns the consumer.
public final class ReadAhead<Batch>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var consumerGone = false
    private let depth: Int

    /// Runs `produce` once on another thread. It hands each batch to `send`, which waits for
    /// room and returns false once the consumer has stopped (then `produce` should return); its
    /// last batch must be one the consumer recognises as the last. `produce` becomes that
    /// thread's alone: whatever it captures must not be used elsewhere.
    public init(depth: Int = 4, produce: @escaping (_ send: (Batch) -> Bool) -> Void) {
        self.depth = depth
        let work = UncheckedSendable(value: produce)
        let thread = Thread { [self] in work.value { put($0) } }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next batch, waiting for it if need be. Do not call again after the last one.
    public func next() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Lets the producer stop: call it when done, or the thread may wait forever for room.
    public func stop() {
        condition.lock()
        consumerGone = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for room, then enqueues; false when the consumer has gone away.
    private func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !consumerGone { condition.wait() }
        if consumerGone { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }
}
