import Foundation

/// An axis-aligned rectangle in the plane.
public struct PlaneBox: Sendable, Equatable, Codable {
    public var xMin: Double, xMax: Double, yMin: Double, yMax: Double

    public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
        self.xMin = xMin
        self.xMax = xMax
        self.yMin = yMin
        self.yMax = yMax
    }

    public var isEmpty: Bool { !(xMin < xMax && yMin < yMax) }
}

/// A straight piece of a nullcline of a 2-unit PLRNN.
public struct NullclineSegment: Sendable, Equatable {
    /// The unit whose increment vanishes (0 or 1).
    public var unit: Int
    public var start: (Double, Double)
    public var end: (Double, Double)

    public static func == (l: Self, r: Self) -> Bool {
        l.unit == r.unit && l.start == r.start && l.end == r.end
    }
}

/// Exact nullclines of a 2-unit PLRNN in a box: the sets where z_{t+1,i} = z_{t,i}.
public struct PLRNNNullclines: Sendable {
    /// Line pieces, one per unit and orthant that the nullcline crosses.
    public var segments: [NullclineSegment]
    /// Orthant pieces (clipped to the box) where unit i's increment is identically zero, e.g. the
    /// z1-nullcline of a perfect integrator; these are areas, not lines.
    public var regions: [(unit: Int, box: PlaneBox)]

    /// Computes the nullclines of `map` (which must have 2 units) in `box` for the constant input `input`.
    public init(map: PLRNNMap, box: PlaneBox, input: [Double]? = nil) {
        precondition(map.dimension == 2, "nullclines are computed for 2-unit PLRNNs")
        segments = []
        regions = []
        for unit in 0..<2 {
            for pattern in 0..<4 {
                let positive = [pattern & 1 != 0, pattern & 2 != 0]
                // Orthant: z_j > 0 where positive, z_j ≤ 0 otherwise (the boundary belongs to the ≤ side).
                let region = PlaneBox(
                    xMin: positive[0] ? max(0, box.xMin) : box.xMin, xMax: positive[0] ? box.xMax : min(0, box.xMax),
                    yMin: positive[1] ? max(0, box.yMin) : box.yMin, yMax: positive[1] ? box.yMax : min(0, box.yMax))
                if region.isEmpty { continue }
                let form = map.incrementForm(unit: unit, positive: positive, input: input)
                let (p, q) = (form.coefficients[0], form.coefficients[1])
                if p == 0 && q == 0 {
                    if form.offset == 0 { regions.append((unit, region)) }
                    continue
                }
                // Lines that only touch an orthant at a point are left to the neighbouring orthant.
                if let (s, e) = Self.clip(p: p, q: q, r: form.offset, to: region), hypot(e.0 - s.0, e.1 - s.1) > 1e-12 {
                    segments.append(NullclineSegment(unit: unit, start: s, end: e))
                }
            }
        }
    }

    /// The part of the line p x + q y + r = 0 inside `box` (Liang–Barsky clipping), or nil.
    static func clip(p: Double, q: Double, r: Double, to box: PlaneBox) -> ((Double, Double), (Double, Double))? {
        let norm2 = p * p + q * q
        // A point on the line and its direction.
        let x0 = -r * p / norm2, y0 = -r * q / norm2
        let dx = -q, dy = p
        var lower = -Double.infinity, upper = Double.infinity
        for (origin, direction, low, high) in [(x0, dx, box.xMin, box.xMax), (y0, dy, box.yMin, box.yMax)] {
            if direction == 0 {
                if origin < low || origin > high { return nil }
            } else {
                let t1 = (low - origin) / direction, t2 = (high - origin) / direction
                lower = max(lower, min(t1, t2))
                upper = min(upper, max(t1, t2))
            }
        }
        guard lower <= upper else { return nil }
        return ((x0 + lower * dx, y0 + lower * dy), (x0 + upper * dx, y0 + upper * dy))
    }
}
