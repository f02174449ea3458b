/// The dashboard, run by the one screen runtime.
public typealias DashboardRuntime = ScreenRuntime<DashboardScreen>
