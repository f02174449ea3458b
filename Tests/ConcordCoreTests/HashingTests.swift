import ConcordTestSupport
import ConcordFormats
import ConcordServices
import Foundation
import Testing

@Suite("SHA-256")
struct HashingTests {
    func hex(_ digest: [UInt8]) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// Test vectors from FIPS 180-2, "Secure Hash Standard", appendix B (SHA-256 examples B.1,
    /// B.2 and B.3), and the empty message from NIST's SHA-256 example values
    /// (csrc.nist.gov, Cryptographic Standards and Guidelines, "Examples with Intermediate Values").
    static let vectors: [(message: [UInt8], digest: String)] = [
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test("the FIPS 180-2 / NIST vectors, one shot, as [UInt8] and as Data")
    func knownVectors() {
        for (message, digest) in Self.vectors {
            #expect(hex(SHA256.hash(data: message)) == digest)
            #expect(hex(SHA256.hash(data: Data(message))) == digest)
            #expect(Hashing.sha256Hex(Data(message)) == digest)
            #expect(SHA256.hash(data: message).count == SHA256.byteCount)
        }
    }

    @Test("updates in odd chunk sizes give the one-shot digest")
    func incremental() {
        for (message, digest) in Self.vectors {
            for size in [1, 3, 7, 55, 63, 64, 65, 1000, 65_537] {
                var hasher = SHA256()
                var start = 0
                while start < message.count {
                    let end = min(start + size, message.count)
                    if size % 2 == 1 { hasher.update(data: message[start..<end]) } else { hasher.update(data: Data(message[start..<end])) }
                    start = end
                }
                #expect(hex(hasher.finalize()) == digest, "chunks of \(size) bytes")
            }
        }
    }

    @Test("finalize leaves the hasher unchanged, and a copy hashes on by itself")
    func valueSemantics() {
        var hasher = SHA256()
        hasher.update(data: Array("ab".utf8))
        let copy = hasher
        var fork = hasher
        hasher.update(data: Array("c".utf8))
        #expect(hex(hasher.finalize()) == Self.vectors[0].digest)
        #expect(hex(hasher.finalize()) == Self.vectors[0].digest)
        #expect(copy.finalize() == SHA256.hash(data: Array("ab".utf8)))
        fork.update(data: Array("cdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        #expect(hex(fork.finalize()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a file hashed in chunks gives the digest of its bytes")
    func file() throws {
        let url = temporaryFolder().appendingPathComponent("million-a.txt")
        try Data(Self.vectors[3].message).write(to: url)
        #expect(try Hashing.sha256Hex(fileAt: url.path) == Self.vectors[3].digest)
    }
}
