import Foundation

/// Runs a producer on a thread of its own, a few batches ahead of the consumer, so that parsing
/// a file and writing it to the database use both cores. Batches arrive in the order they were
/// made; the bound on the queue keeps memory flat when the producer outruns the consumer.
final class ReadAhead<Batch>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var consumerGone = false
    private let depth: Int

    /// Starts `produce` on another thread, calling it until it says a batch is the last.
    /// `produce` becomes that thread's alone: whatever it captures must not be used elsewhere.
    init(depth: Int = 4, produce: @escaping () -> (batch: Batch, isLast: Bool)) {
        self.depth = depth
        let work = UncheckedSendable(value: produce)
        let thread = Thread { [self] in
            while true {
                let (batch, isLast) = work.value()
                guard put(batch), !isLast else { return }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next batch, waiting for it if need be. Do not call again after the last one.
    func next() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Lets the producer stop: call it when done, or the thread may wait forever for room.
    func stop() {
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
