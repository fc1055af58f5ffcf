/// The classical fixed-step fourth-order Runge–Kutta method (global error O(dt⁴)).
public enum RK4 {
    /// Integrates `steps` steps of size `dt` from `x0` at `t0`, storing the initial state and then every
    /// `every`-th state (so `steps / every + 1` samples when `every` divides `steps`, plus the final state
    /// if it does not).
    ///
    /// If a state stops being finite (the system blew up), integration ends and the trajectory ends at
    /// the last stored finite sample: compare `count` with the expected number to detect it.
    public static func integrate<S: ODESystem>(
        _ system: S, from x0: [Double], t0: Double = 0, dt: Double, steps: Int, every: Int = 1
    ) -> Trajectory {
        precondition(x0.count == system.dimension, "initial state has \(x0.count) components, system has \(system.dimension)")
        precondition(steps >= 0 && every >= 1 && dt > 0)
        let n = system.dimension
        var trajectory = Trajectory(dimension: n)
        trajectory.reserveCapacity(steps / every + 2)
        var x = x0
        var k1 = [Double](repeating: 0, count: n), k2 = k1, k3 = k1, k4 = k1, tmp = k1
        trajectory.append(time: t0, state: x)
        x.withUnsafeMutableBufferPointer { x in
            k1.withUnsafeMutableBufferPointer { k1 in
                k2.withUnsafeMutableBufferPointer { k2 in
                    k3.withUnsafeMutableBufferPointer { k3 in
                        k4.withUnsafeMutableBufferPointer { k4 in
                            tmp.withUnsafeMutableBufferPointer { tmp in
                                let xr = UnsafeBufferPointer(x), tr = UnsafeBufferPointer(tmp)
                                let half = 0.5 * dt, sixth = dt / 6
                                for step in stride(from: 1, through: steps, by: 1) {
                                    // Time from the step index, not by accumulation, so long runs do not drift.
                                    let t = t0 + Double(step - 1) * dt
                                    system.derivative(xr, time: t, into: k1)
                                    for i in 0..<n { tmp[i] = x[i] + half * k1[i] }
                                    system.derivative(tr, time: t + half, into: k2)
                                    for i in 0..<n { tmp[i] = x[i] + half * k2[i] }
                                    system.derivative(tr, time: t + half, into: k3)
                                    for i in 0..<n { tmp[i] = x[i] + dt * k3[i] }
                                    system.derivative(tr, time: t + dt, into: k4)
                                    var finite = true
                                    for i in 0..<n {
                                        x[i] += sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])
                                        finite = finite && x[i].isFinite
                                    }
                                    if !finite { return }
                                    if step % every == 0 || step == steps {
                                        trajectory.append(time: t0 + Double(step) * dt, state: xr)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return trajectory
    }

    /// One RK4 step from `x` at `t` (allocating; for tests and one-off use).
    public static func step<S: ODESystem>(_ system: S, _ x: [Double], t: Double, dt: Double) -> [Double] {
        integrate(system, from: x, t0: t, dt: dt, steps: 1).last ?? x.map { _ in .nan }
    }
}
