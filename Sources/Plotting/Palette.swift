/// Colours used when a figure does not choose its own.
enum Palette {
    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; yellow last
    /// because it is faint on white.
    static let cycle = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// Grey for reference lines.
    static let reference = "#666666"

    /// Viridis stops for heatmaps: perceptually uniform and colour-blind safe.
    static let viridis = [
        "#440154", "#482878", "#3E4A89", "#31688E", "#26828E",
        "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725",
    ]

    static var paletteCommand: String {
        "set palette defined (" + viridis.enumerated().map { "\($0.offset) '\($0.element)'" }.joined(separator: ", ") + ")"
    }
}
