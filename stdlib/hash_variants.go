package stdlib

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"golang.org/x/crypto/sha3"
	"hash"
)

// Hash constructors by VRL variant name, shared by sha2, sha3, hmac and
// redact's hashing redactors.

// sha2Variants maps sha2's variants (in upstream's order) to hashes.
var sha2Variants = map[string]func() hash.Hash{
	"SHA-224":     sha256.New224,
	"SHA-256":     sha256.New,
	"SHA-384":     sha512.New384,
	"SHA-512":     sha512.New,
	"SHA-512/224": sha512.New512_224,
	"SHA-512/256": sha512.New512_256,
}

var sha2VariantNames = []string{"SHA-224", "SHA-256", "SHA-384", "SHA-512", "SHA-512/224", "SHA-512/256"}

// sha3Variants maps sha3's variants to hashes.
var sha3Variants = map[string]func() hash.Hash{
	"SHA3-224": func() hash.Hash { return sha3.New224() },
	"SHA3-256": func() hash.Hash { return sha3.New256() },
	"SHA3-384": func() hash.Hash { return sha3.New384() },
	"SHA3-512": func() hash.Hash { return sha3.New512() },
}

var sha3VariantNames = []string{"SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512"}

// hmacAlgorithms maps hmac's algorithm names to hashes.
var hmacAlgorithms = map[string]func() hash.Hash{
	"SHA1":    sha1.New,
	"SHA-224": sha256.New224,
	"SHA-256": sha256.New,
	"SHA-384": sha512.New384,
	"SHA-512": sha512.New,
}

// hashSum returns the digest of data.
func hashSum(newHash func() hash.Hash, data []byte) []byte {
	h := newHash()
	h.Write(data)
	return h.Sum(nil)
}
