import Dispatch

/// Messages posted by work running off the event loop, taken by the loop in the order posted.
final class Mailbox<Message: Sendable>: @unchecked Sendable {
    // The lock guards `messages`: that is what makes the unchecked Sendable sound.
    private var messages: [Message] = []
    private let lock = DispatchSemaphore(value: 1)

    func post(_ message: Message) {
        lock.wait(); messages.append(message); lock.signal()
    }

    func takeAll() -> [Message] {
        lock.wait(); defer { lock.signal() }
        let taken = messages
        messages = []
        return taken
    }
}
