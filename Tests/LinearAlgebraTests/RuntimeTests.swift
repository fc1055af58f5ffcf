import Testing
import LinearAlgebra

@Suite struct RuntimeTests {
    @Test func trainingConfigurationUsesOneThread() {
        LinearAlgebraRuntime.configureForTraining()
        #expect(blasThreads == 1)
    }
}
