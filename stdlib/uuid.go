package stdlib

import (
	"crypto/rand"
	"encoding/hex"
)

// uuidFormat renders 16 bytes as a lowercase hyphenated UUID.
func uuidFormat(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// uuidRandom returns 16 random bytes with the given version and the
// RFC 4122 variant bits set.
func uuidRandom(version byte) [16]byte {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | version<<4
	u[8] = u[8]&0x3f | 0x80
	return u
}
