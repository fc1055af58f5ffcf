/// Figure-wide styling, read from the YAML `figure:` section; every key is optional there.
public struct PlotStyle: Codable, Sendable, Hashable {
    /// Image width in pixels.
    public var width = 900
    /// Image height in pixels.
    public var height = 560
    /// Base font size in points.
    public var fontSize = 11
    /// Line width used by series that do not set their own.
    public var lineWidth = 1.5

    public init(width: Int = 900, height: Int = 560, fontSize: Int = 11, lineWidth: Double = 1.5) {
        self.width = width
        self.height = height
        self.fontSize = fontSize
        self.lineWidth = lineWidth
    }

    enum CodingKeys: String, CodingKey {
        case width, height
        case fontSize = "font_size"
        case lineWidth = "line_width"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = PlotStyle()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        width = try container.decodeIfPresent(Int.self, forKey: .width) ?? defaults.width
        height = try container.decodeIfPresent(Int.self, forKey: .height) ?? defaults.height
        fontSize = try container.decodeIfPresent(Int.self, forKey: .fontSize) ?? defaults.fontSize
        lineWidth = try container.decodeIfPresent(Double.self, forKey: .lineWidth) ?? defaults.lineWidth
    }
}
