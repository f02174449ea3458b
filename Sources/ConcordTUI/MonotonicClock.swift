import Dispatch

/// Seconds on a clock that never goes back (time since boot): what screens time answers with.
public enum MonotonicClock {
    public static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
