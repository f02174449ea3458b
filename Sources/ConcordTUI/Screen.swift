/// A screen in the Elm shape: a model, the messages that change it, and the commands it asks the
/// runtime to perform. `update` and `view` are pure (no I/O, no clock: times come in messages,
/// stamped as input arrives or as a command completes); `perform` is the only way to the store,
/// the clock or another screen, and each command's result comes back to `update` as a message.
/// `ScreenRuntime` runs any screen.
public protocol Screen {
    associatedtype Model
    associatedtype Message: Sendable
    associatedtype Command
    /// What the commands are performed with (a session, a project's store …).
    associatedtype Effects

    /// The commands to perform before the first frame (the first item, the figures …).
    static func start(_ model: Model) -> [Command]
    static func update(_ model: Model, _ message: Message) -> (Model, [Command])
    static func view(_ model: Model, width: Int, height: Int) -> CellGrid
    /// A terminal input as this screen's message; nil when the screen has no use for it.
    static func message(for input: TerminalInput) -> Message?
    /// Whether the screen is closed: the runtime stops showing it.
    static func isClosed(_ model: Model) -> Bool
    /// Performs a command with the effects; `now` reads the clock for results that carry a time.
    static func perform(_ command: Command, with effects: Effects, now: @escaping @Sendable () -> Double) -> Completion<Message>
}

extension Screen {
    /// An `update` written as steps that change the model in place: they change a copy, and the
    /// copy is the new model.
    static func changing(_ model: Model, by step: (inout Model) -> [Command]) -> (Model, [Command]) {
        var changed = model
        let commands = step(&changed)
        return (changed, commands)
    }
}
