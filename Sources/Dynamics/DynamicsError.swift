/// Why an integration could not finish.
public enum DynamicsError: Error, CustomStringConvertible, Equatable {
    /// The adaptive step size fell below what floating point can resolve at `time`.
    case stepSizeTooSmall(time: Double)
    /// More than the allowed number of steps were needed.
    case tooManySteps(limit: Int, time: Double)
    /// The state stopped being finite at `time` (the system blew up).
    case nonFinite(time: Double)
    /// The request itself is malformed (e.g. sample times out of order).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .stepSizeTooSmall(let t): return "step size underflow at t = \(t)"
        case .tooManySteps(let limit, let t): return "more than \(limit) steps needed (stopped at t = \(t))"
        case .nonFinite(let t): return "state became non-finite at t = \(t)"
        case .invalidArgument(let text): return text
        }
    }
}
