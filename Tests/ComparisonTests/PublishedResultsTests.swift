import Comparison
import Foundation
import Testing

/// The checked-in `paper-results/*.yaml`: every value parses and carries its source and meaning.
struct PublishedResultsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("paper-results")

    @Test func everyPublishedValueHasASourceMeaningAndValue() throws {
        let published = try PublishedResults.load(from: Self.directory)
        #expect(Set(published.papers.keys).isSuperset(of: ["rplrnn-iclr2021", "cornn-iclr2021", "chaosrnn-neurips2022"]))
        #expect(published.allReferences.count > 300)
        for reference in published.allReferences {
            let (_, value) = try #require(published.value(reference))
            #expect(!value.source.isEmpty && !value.meaning.isEmpty, "\(reference)")
            #expect(["paper", "data", "code", "claim"].contains(value.origin), "\(reference): origin \(value.origin)")
            #expect(value.observed != nil, "\(reference) has no value, curve or claim")
        }
    }

    @Test func spotChecksAgainstProtocols() throws {
        let published = try PublishedResults.load(from: Self.directory)
        let lstm = try #require(published.value("chaosrnn-neurips2022/fig1a.lstm.tau30.dstsp")).value
        #expect(lstm.value == 0.0618 && lstm.sem == 0.0065)
        let cornn = try #require(published.value("cornn-iclr2021/table1.cornn-256.psmnist")).value
        #expect(cornn.value == 97.3)
        let rplrnn = try #require(published.value("rplrnn-iclr2021/fig2.addition.rPLRNN.T300.mse")).value
        #expect(rplrnn.value == 3.4e-05 && rplrnn.n == 10)
        let table5 = try #require(published.value("cornn-iclr2021/table5.cornn.psmnist-256")).value
        #expect(table5.sd == 1.2 && table5.n == 10)
        #expect(published.value("rplrnn-iclr2021/no-such-id") == nil)
    }
}
