import Dispatch

/// Runs any screen: draws its view, turns terminal input into messages, feeds them to `update`,
/// performs the commands `update` returns and feeds each result back as a message. It never
/// changes the model itself. Commands run one after another, each result handled (and the
/// commands it brings performed) before the next, and all of them before the next frame: so a
/// save is done before whatever follows it is drawn.
public final class ScreenRuntime<S: Screen> {
    public private(set) var model: S.Model
    private let effects: S.Effects
    private let backend: TerminalBackend
    private let clock: @Sendable () -> Double
    private let finishedWork = Mailbox<S.Message>()
    private var lastFrame: CellGrid?
    /// Background commands waiting for the next frame to be drawn.
    private var pendingWork: [@Sendable () -> S.Message] = []

    /// `clock`: seconds on a monotonic clock. The runtime stamps keys and ticks with it as they
    /// arrive; `perform` reads it for results that carry a time.
    public init(model: S.Model, effects: S.Effects, backend: TerminalBackend,
                clock: @escaping @Sendable () -> Double = MonotonicClock.seconds) {
        self.model = model
        self.effects = effects
        self.backend = backend
        self.clock = clock
    }

    /// Shows the screen until it is closed or a signal arrives.
    public func run() {
        start()
        while !S.isClosed(model) {
            if backend.interrupted {
                receive(.interrupted)
                return
            }
            let finished = finishedWork.takeAll()
            if !finished.isEmpty {
                finished.forEach(receive)
                draw(onlyIfChanged: true)
                startBackgroundWork()
            }
            if let key = backend.readKey(timeoutMilliseconds: 100) {
                handle(key)
            } else if receive(.tick(at: clock())) {
                draw(onlyIfChanged: true)
                startBackgroundWork()
            }
        }
    }

    /// The screen's first commands, then its first frame.
    public func start() {
        perform(S.start(model))
        draw()
        startBackgroundWork()
    }

    /// One key: its message, the commands that follow from it, then a frame.
    public func handle(_ key: Key) {
        receive(key == .resize ? .resized : .key(key, at: clock()))
        draw()
        startBackgroundWork()
    }

    /// Whether the screen took the input (a screen that measures nothing has no use for ticks).
    @discardableResult
    private func receive(_ input: TerminalInput) -> Bool {
        guard let message = S.message(for: input) else { return false }
        receive(message)
        return true
    }

    private func receive(_ message: S.Message) {
        let (next, commands) = S.update(model, message)
        model = next
        perform(commands)
    }

    private func perform(_ commands: [S.Command]) {
        for command in commands {
            switch S.perform(command, with: effects, now: clock) {
            case let .now(message):
                receive(message)
            case let .inBackground(work):
                // Started once the frame is drawn: background work (a count over the whole
                // project) must not delay the frame the labeler waits for.
                pendingWork.append(work)
            case let .afterScreen(show):
                let message = show(backend)
                // The other screen drew over this one.
                lastFrame = nil
                receive(message)
            }
        }
    }

    private func startBackgroundWork() {
        let mailbox = finishedWork
        for work in pendingWork { DispatchQueue.global(qos: .utility).async { mailbox.post(work()) } }
        pendingWork.removeAll()
    }

    /// A frame of the model; after a tick or background work (`onlyIfChanged`), only when
    /// something on screen changed.
    private func draw(onlyIfChanged: Bool = false) {
        let size = backend.size
        let frame = S.view(model, width: size.width, height: size.height)
        if onlyIfChanged && frame == lastFrame { return }
        backend.draw(frame)
        lastFrame = frame
    }
}
