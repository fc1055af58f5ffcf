import Configuration
import Testing

@Suite("Canonical encoding (cache keys)")
struct CanonicalJSONTests {
    @Test func keysAreSortedAndThereIsNoWhitespace() throws {
        let a = try ConfigValue.parseYAML("training: {lr: 0.001, epochs: 5}\nt_end: 10", file: "a.yaml")
        let b = try ConfigValue.parseYAML("t_end: 10\ntraining:\n  epochs: 5\n  lr: 0.001\n", file: "b.yaml")
        #expect(a.canonicalJSON == #"{"t_end":10,"training":{"epochs":5,"lr":0.001}}"#)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(a.sha256 == b.sha256)
        #expect(a.sha256.count == 64)
    }

    @Test func integersAndDoublesStayDistinct() {
        #expect(ConfigValue.int(1).canonicalJSON == "1")
        #expect(ConfigValue.double(1).canonicalJSON == "1.0")
        #expect(ConfigValue.int(1).sha256 != ConfigValue.double(1).sha256)
    }

    @Test func doublesUseShortestRoundTripText() throws {
        #expect(ConfigValue.double(0.001).canonicalJSON == "0.001")
        #expect(ConfigValue.double(1e-5).canonicalJSON == "1e-05")
        #expect(ConfigValue.double(1e20).canonicalJSON == "1e+20")
        #expect(ConfigValue.double(-2.5).canonicalJSON == "-2.5")
        // However it is written in YAML, the same number gives the same key.
        #expect(try ConfigValue.parseYAML("1e-3", file: "x").canonicalJSON
                == ConfigValue.parseYAML("0.0010", file: "x").canonicalJSON)
    }

    @Test func smallFloatChangesChangeTheKey() {
        #expect(ConfigValue.double(0.1).canonicalJSON != ConfigValue.double(0.1000000001).canonicalJSON)
        #expect(ConfigValue.double(0.1).canonicalJSON != ConfigValue.double(0.1.nextUp).canonicalJSON)
    }

    @Test func negativeZeroAndNonFiniteValues() {
        #expect(ConfigValue.double(-0.0).canonicalJSON == "0.0")
        #expect(ConfigValue.double(.nan).canonicalJSON == #""nan""#)
        #expect(ConfigValue.double(.infinity).canonicalJSON == #""inf""#)
        #expect(ConfigValue.double(-.infinity).canonicalJSON == #""-inf""#)
    }

    @Test func stringsAreEscaped() {
        let text: ConfigValue = ["quote\"key": "line\nbreak\t\\ \u{1} é"]
        #expect(text.canonicalJSON == #"{"quote\"key":"line\nbreak\t\\ \u0001 é"}"#)
        // Canonically equivalent spellings of é encode identically.
        #expect(ConfigValue.string("e\u{301}").canonicalJSON == ConfigValue.string("\u{E9}").canonicalJSON)
    }

    @Test func keysSortByUnicodeScalars() {
        let value: ConfigValue = ["b": 1, "B": 2, "a": 3, "é": 4, "z": 5]
        #expect(value.canonicalJSON == #"{"B":2,"a":3,"b":1,"z":5,"é":4}"#)
    }

    struct JobParameters: Codable {
        var model: String
        var hidden: Int
        var lr: Double
        var dt: Float
        var seeds: [UInt64]
        var note: String?
        var nested: Inner

        struct Inner: Codable { var flag: Bool }
    }

    @Test func encodableValuesKeepDoublesAsDoubles() throws {
        let job = JobParameters(model: "coRNN", hidden: 256, lr: 1.0, dt: 0.1, seeds: [1, UInt64.max],
                                note: nil, nested: .init(flag: true))
        #expect(try canonicalJSON(job)
                == #"{"dt":0.1,"hidden":256,"lr":1.0,"model":"coRNN","nested":{"flag":true},"seeds":[1,"18446744073709551615"]}"#)
    }

    @Test func encodingAndDecodingRoundTrip() throws {
        let job = JobParameters(model: "LSTM", hidden: 64, lr: 0.002, dt: 0.5, seeds: [3, UInt64.max],
                                note: "x", nested: .init(flag: false))
        let value = try ConfigValueEncoder().encode(job)
        let back = try ConfigDecoder().decode(JobParameters.self, from: value, file: "job")
        #expect(try canonicalJSON(back) == value.canonicalJSON)
    }

    @Test func workersReadParametersBackFromCanonicalJSON() throws {
        struct Parameters: Codable, Equatable { var lr: Double; var seed: UInt64; var bound: Double; var name: String }
        let parameters = Parameters(lr: 1.0, seed: UInt64.max, bound: .infinity, name: "a \"b\"\n")
        let json = try canonicalJSON(parameters)
        #expect(try ConfigDecoder.decodeCanonicalJSON(Parameters.self, from: json) == parameters)
    }

    @Test func configValueFieldsPassThrough() throws {
        struct Wrapper: Codable { var free: ConfigValue }
        let wrapper = Wrapper(free: ["x": 1.0, "y": [1, "a"]])
        #expect(try canonicalJSON(wrapper) == #"{"free":{"x":1.0,"y":[1,"a"]}}"#)
    }
}
