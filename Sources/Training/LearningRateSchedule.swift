/// A step learning-rate schedule (`torch.optim.lr_scheduler.MultiStepLR` stepped once per epoch):
/// epoch `e` (counting from 0) trains with `base × γ^k`, k = number of milestones ≤ e.
/// coRNN's sMNIST protocol (lr/10 from epoch 100 on) is `milestones: [100], gamma: 0.1`.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    public var base: Double
    public var milestones: [Int]
    public var gamma: Double

    public init(base: Double, milestones: [Int] = [], gamma: Double = 0.1) {
        self.base = base
        self.milestones = milestones.sorted()
        self.gamma = gamma
    }

    /// A fixed learning rate.
    public static func constant(_ rate: Double) -> LearningRateSchedule { LearningRateSchedule(base: rate) }

    public func learningRate(epoch: Int) -> Double {
        var rate = base
        // Repeated multiplication, as PyTorch applies γ once at each milestone.
        for m in milestones where m <= epoch { rate *= gamma }
        return rate
    }
}
