/// How a command's result comes back to its screen as a message.
public enum Completion<Message: Sendable> {
    /// The command is done; this is its result.
    case now(Message)
    /// Slow work (a count over every answer) runs off the event loop; its message is delivered
    /// when it is done, and the screen takes keys meanwhile.
    case inBackground(@Sendable () -> Message)
    /// Another screen is shown on the same terminal; the message comes when it is closed.
    case afterScreen((TerminalBackend) -> Message)
}
