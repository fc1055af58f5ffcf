import Digest
import Foundation
import Testing

@Test func sha256MatchesPublishedTestVectors() {
    #expect(SHA256Digest.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256Digest.hash("").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
}

@Test func incrementalHashingEqualsOneShot() {
    var hasher = SHA256Hasher()
    hasher.update("ab")
    hasher.update("c")
    #expect(hasher.finalize() == SHA256Digest.hash("abc"))
}

@Test func fileHashEqualsDataHash() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID()).bin")
    let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(try SHA256Digest.hash(fileAt: url) == SHA256Digest.hash(bytes))
}

@Test func md5MatchesRFC1321() {
    #expect(MD5.hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
}
