import Foundation
import Testing
import Store

@Suite struct RecordTests {
    @Test func failureRecordRoundTripsAndClears() throws {
        try withStore { store in
            let k = key(1)
            #expect(store.failure(for: k) == nil)
            let record = FailureRecord(experiment: "fig3", job: "tau=10", message: "loss became NaN at epoch 12",
                                       logTail: "epoch 11 loss 3.2\nepoch 12 loss nan\n",
                                       date: "2024-05-01T12:00:00Z", kind: "diverged")
            try store.recordFailure(record, key: k)
            #expect(store.failure(for: k) == record)
            var again = record
            again.kind = "crash"
            try store.recordFailure(again, key: k)
            #expect(store.failure(for: k) == again)
            store.clearFailure(key: k)
            #expect(store.failure(for: k) == nil)
        }
    }

    @Test func indexRecordsRoundTripPerExperimentAndJob() throws {
        try withStore { store in
            let a = IndexRecord(experiment: "fig2-addition", job: "rPLRNN T=100 / seed 1", key: key(1),
                                parts: "{\"T\":100}", date: "2024-05-01T12:00:00Z")
            let b = IndexRecord(experiment: "fig2-addition", job: "LSTM T=100", key: key(2),
                                parts: "{\"T\":100}", date: "2024-05-01T12:00:00Z")
            try store.recordLatest(a)
            try store.recordLatest(b)
            #expect(store.latest(experiment: "fig2-addition", job: a.job) == a)
            #expect(store.latest(experiment: "fig2-addition", job: b.job) == b)
            #expect(store.latest(experiment: "fig3", job: a.job) == nil)

            // Switching the config back points the index at the old key again; its result is still there.
            var switched = a
            switched.key = key(3)
            try store.recordLatest(switched)
            #expect(store.latest(experiment: "fig2-addition", job: a.job)?.key == key(3))
        }
    }

    @Test func experimentNamesMustBePathSafe() throws {
        try withStore { store in
            let bad = IndexRecord(experiment: "../escape", job: "j", key: key(1), parts: "{}", date: "")
            #expect(throws: StoreError.self) { try store.recordLatest(bad) }
            #expect(store.latest(experiment: "../escape", job: "j") == nil)
        }
    }
}
