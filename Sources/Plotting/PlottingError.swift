/// Why a figure could not be written or rendered.
public enum PlottingError: Error, CustomStringConvertible, Sendable {
    /// No gnuplot executable was found.
    case gnuplotMissing
    /// gnuplot ran but failed, or did not produce both images.
    case gnuplotFailed(script: String, status: Int32, stderr: String)
    /// A figure name that is not a safe file stem.
    case invalidName(String)
    /// A series whose columns do not fit its kind (wrong count or unequal lengths).
    case inconsistentColumns(figure: String, panel: Int, series: Int, detail: String)

    public var description: String {
        switch self {
        case .gnuplotMissing:
            return "gnuplot not found: install gnuplot-nox (apt-get install gnuplot-nox); "
                + "HDF5 results were still written, and the figure scripts can be rendered later"
        case let .gnuplotFailed(script, status, stderr):
            return "gnuplot failed on \(script) (exit status \(status)): \(stderr)"
        case let .invalidName(name):
            return "invalid figure name '\(name)': use letters, digits, '_' and '-' only"
        case let .inconsistentColumns(figure, panel, series, detail):
            return "figure \(figure), panel \(panel), series \(series): \(detail)"
        }
    }
}
