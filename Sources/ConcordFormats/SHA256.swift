import CLibCrypto
import Foundation

/// SHA-256 (FIPS 180-4), computed by the system's OpenSSL libcrypto through its EVP digest API.
///
/// A value type: a copy goes on hashing independently of the original (the C context is copied
/// on write), and `finalize()` leaves the hasher as it was, so it may be updated further or
/// finalized again.
public struct SHA256: Sendable {
    /// Bytes in a digest.
    public static let byteCount = 32

    private var context: DigestContext

    public init() { context = DigestContext() }

    /// The digest of `data` (32 bytes).
    public static func hash(data: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }

    /// Adds `data` to the bytes hashed so far: `Data`, `[UInt8]`, a slice, any `DataProtocol`.
    public mutating func update(data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update(bufferPointer: $0) }
        }
    }

    /// Adds the bytes in `bufferPointer` to the bytes hashed so far.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard !bufferPointer.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        context.update(bufferPointer)
    }

    /// The digest of every byte added so far (32 bytes). The hasher itself is unchanged.
    public func finalize() -> [UInt8] {
        context.copy().finish()
    }
}

/// Owns one `EVP_MD_CTX` set up for SHA-256 and frees it on deinit.
///
/// `@unchecked Sendable`: `SHA256` mutates a context only after checking that it holds the only
/// reference, so a context shared by several values (and so maybe by several threads) is only
/// ever read, by `EVP_MD_CTX_copy_ex`. `finish()` is called on a fresh private copy only.
private final class DigestContext: @unchecked Sendable {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto: EVP_MD_CTX_new failed") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("libcrypto: EVP_DigestInit_ex(SHA-256) failed")
        }
        self.context = context
    }

    private init(copying other: DigestContext) {
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto: EVP_MD_CTX_new failed") }
        guard EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("libcrypto: EVP_MD_CTX_copy_ex failed")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    func copy() -> DigestContext { DigestContext(copying: self) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            fatalError("libcrypto: EVP_DigestUpdate failed")
        }
    }

    /// Finishes the digest; the context cannot be updated afterwards.
    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard status == 1, length == UInt32(SHA256.byteCount) else {
            fatalError("libcrypto: EVP_DigestFinal_ex failed")
        }
        return digest
    }
}
