import Foundation

/// Turns figures into gnuplot scripts plus data files, and runs gnuplot on them.
public enum Gnuplot {
    /// The `.gp` text for `figure`; data are referenced by relative file names.
    public static func script(for figure: GnuplotFigure, style: PlotStyle) -> String {
        ""
    }

    /// Writes `<name>.gp` and `<name>.<panel>-<series>.dat` into `directory`, then renders both images.
    /// Throws `.gnuplotMissing` after writing the script and data when gnuplot is absent.
    public static func write(_ figure: GnuplotFigure, style: PlotStyle, to directory: URL) throws -> WrittenFigure {
        throw PlottingError.gnuplotMissing
    }

    /// Runs gnuplot on the script in its own directory, producing `<name>.svg` and `<name>.png`.
    public static func render(scriptAt url: URL) throws {
        throw PlottingError.gnuplotMissing
    }

    /// `/usr/bin/gnuplot`, or the first `gnuplot` on `PATH`; `nil` if absent.
    public static func executable() -> URL? {
        nil
    }
}
