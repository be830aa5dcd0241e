package stdlib

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/nacl/secretbox"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// The ciphers behind encrypt and decrypt. Algorithm names are upstream's
// (case-insensitive): AES in CFB-128, OFB, CTR (64-bit little- or
// big-endian counter), CBC with four paddings and SIV; ChaCha20-Poly1305,
// XChaCha20-Poly1305 and XSalsa20-Poly1305 (NaCl secretbox, tag first).

// cipherSpec describes one algorithm: key and IV sizes, and the
// encrypt/decrypt operations given a key and IV of those sizes.
type cipherSpec struct {
	keySize, ivSize int
	encrypt         func(key, iv, data []byte) ([]byte, error)
	decrypt         func(key, iv, data []byte) ([]byte, error)
}

var errCipherInput = errors.New("Invalid input")

var cipherAlgorithms = func() map[string]cipherSpec {
	m := map[string]cipherSpec{}
	for _, bitsKey := range []int{128, 192, 256} {
		k := bitsKey / 8
		p := fmt.Sprintf("AES-%d-", bitsKey)
		stream := func(mode func(b cipher.Block, iv, data []byte, decrypt bool) []byte) cipherSpec {
			return cipherSpec{k, 16,
				func(key, iv, data []byte) ([]byte, error) { return mode(aesBlock(key), iv, data, false), nil },
				func(key, iv, data []byte) ([]byte, error) { return mode(aesBlock(key), iv, data, true), nil }}
		}
		m[p+"CFB"] = stream(aesCFB)
		m[p+"OFB"] = stream(func(b cipher.Block, iv, data []byte, _ bool) []byte { return aesOFB(b, iv, data) })
		ctrLE := stream(func(b cipher.Block, iv, data []byte, _ bool) []byte { return aesCTR64(b, iv, data, true) })
		m[p+"CTR"], m[p+"CTR-LE"] = ctrLE, ctrLE
		m[p+"CTR-BE"] = stream(func(b cipher.Block, iv, data []byte, _ bool) []byte { return aesCTR64(b, iv, data, false) })
		for _, pad := range []string{"PKCS7", "ANSIX923", "ISO7816", "ISO10126"} {
			pad := pad
			m[p+"CBC-"+pad] = cipherSpec{k, 16,
				func(key, iv, data []byte) ([]byte, error) {
					return aesCBCEncrypt(aesBlock(key), iv, cbcPad(data, pad)), nil
				},
				func(key, iv, data []byte) ([]byte, error) {
					if len(data) == 0 || len(data)%16 != 0 {
						return nil, errCipherInput
					}
					return cbcUnpad(aesCBCDecrypt(aesBlock(key), iv, data), pad)
				}}
		}
	}
	for name, k := range map[string]int{"AES-128-SIV": 32, "AES-256-SIV": 64} {
		m[name] = cipherSpec{k, 16, sivEncrypt, sivDecrypt}
	}
	aead := func(keySize, nonceSize int, mk func([]byte) (cipher.AEAD, error)) cipherSpec {
		return cipherSpec{keySize, nonceSize,
			func(key, iv, data []byte) ([]byte, error) {
				a, err := mk(key)
				if err != nil {
					return nil, err
				}
				return a.Seal(nil, iv, data, nil), nil
			},
			func(key, iv, data []byte) ([]byte, error) {
				a, err := mk(key)
				if err != nil {
					return nil, err
				}
				out, err := a.Open(nil, iv, data, nil)
				if err != nil {
					return nil, errCipherInput
				}
				return out, nil
			}}
	}
	m["CHACHA20-POLY1305"] = aead(32, 12, chacha20poly1305.New)
	m["XCHACHA20-POLY1305"] = aead(32, 24, chacha20poly1305.NewX)
	m["XSALSA20-POLY1305"] = cipherSpec{32, 24,
		func(key, iv, data []byte) ([]byte, error) {
			return secretbox.Seal(nil, data, (*[24]byte)(iv), (*[32]byte)(key)), nil
		},
		func(key, iv, data []byte) ([]byte, error) {
			out, ok := secretbox.Open(nil, data, (*[24]byte)(iv), (*[32]byte)(key))
			if !ok {
				return nil, errCipherInput
			}
			return out, nil
		}}
	return m
}()

// cipherValidAlgorithm reports whether name (any case) is supported.
func cipherValidAlgorithm(name string) bool {
	_, ok := cipherAlgorithms[strings.ToUpper(name)]
	return ok
}

// cipherRun checks the key and IV sizes (key first, as upstream) and runs
// the algorithm.
func cipherRun(algorithm string, key, iv, data []byte, decrypt bool) ([]byte, error) {
	spec, ok := cipherAlgorithms[algorithm]
	if !ok {
		return nil, fmt.Errorf("Invalid algorithm: %s", algorithm)
	}
	if len(key) != spec.keySize {
		return nil, fmt.Errorf("Invalid key size. Expected %d bytes. Found %d bytes", spec.keySize, len(key))
	}
	if len(iv) != spec.ivSize {
		return nil, fmt.Errorf("Invalid iv size. Expected %d bytes. Found %d bytes", spec.ivSize, len(iv))
	}
	if decrypt {
		return spec.decrypt(key, iv, data)
	}
	return spec.encrypt(key, iv, data)
}

// cipherFunction registers encrypt or decrypt: a constant algorithm must
// be valid at compile time (E403), a dynamic one is checked at run time.
func cipherFunction(ident, dataParam string, decrypt bool) *funcDef {
	return &funcDef{
		ident: ident,
		params: []Param{
			reqParam(dataParam, value.BitBytes),
			reqParam("algorithm", value.BitBytes),
			reqParam("key", value.BitBytes),
			reqParam("iv", value.BitBytes),
		},
		compile: func(args *Args) (Call, error) {
			if v, ok := constArg(args, 1); ok && v.Type() == value.TypeBytes && !cipherValidAlgorithm(lossyUTF8(v.Str())) {
				return nil, invalidArgument(1, "algorithm", v, "Invalid algorithm")
			}
			return &funcCall{td: TypeDef{Kind: value.KindBytes, Fallible: true}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				algorithm := strings.ToUpper(lossyUTF8(args[1].Str()))
				out, err := cipherRun(algorithm, []byte(args[2].Str()), []byte(args[3].Str()), []byte(args[0].Str()), decrypt)
				if err != nil {
					return value.Null, err
				}
				return value.BytesFrom(out), nil
			}}, nil
		},
	}
}

func aesBlock(key []byte) cipher.Block {
	b, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // sizes were checked by cipherRun
	}
	return b
}

// aesCFB is full-block (128-bit) cipher feedback.
func aesCFB(b cipher.Block, iv, data []byte, decrypt bool) []byte {
	out := make([]byte, len(data))
	reg := append([]byte(nil), iv...)
	ks := make([]byte, 16)
	for off := 0; off < len(data); off += 16 {
		b.Encrypt(ks, reg)
		end := min(off+16, len(data))
		for i := off; i < end; i++ {
			out[i] = data[i] ^ ks[i-off]
		}
		if decrypt {
			copy(reg, data[off:end])
		} else {
			copy(reg, out[off:end])
		}
	}
	return out
}

// aesOFB is output feedback.
func aesOFB(b cipher.Block, iv, data []byte) []byte {
	out := make([]byte, len(data))
	ks := append([]byte(nil), iv...)
	for off := 0; off < len(data); off += 16 {
		b.Encrypt(ks, ks)
		end := min(off+16, len(data))
		for i := off; i < end; i++ {
			out[i] = data[i] ^ ks[i-off]
		}
	}
	return out
}

// aesCTR64 is counter mode with a 64-bit wrapping counter: little-endian
// in the first 8 bytes of the block (le), or big-endian in the last 8.
func aesCTR64(b cipher.Block, iv, data []byte, le bool) []byte {
	out := make([]byte, len(data))
	ctr := append([]byte(nil), iv...)
	ks := make([]byte, 16)
	for off := 0; off < len(data); off += 16 {
		b.Encrypt(ks, ctr)
		end := min(off+16, len(data))
		for i := off; i < end; i++ {
			out[i] = data[i] ^ ks[i-off]
		}
		if le {
			binary.LittleEndian.PutUint64(ctr, binary.LittleEndian.Uint64(ctr)+1)
		} else {
			binary.BigEndian.PutUint64(ctr[8:], binary.BigEndian.Uint64(ctr[8:])+1)
		}
	}
	return out
}

func aesCBCEncrypt(b cipher.Block, iv, data []byte) []byte {
	out := make([]byte, len(data))
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(out, data)
	return out
}

func aesCBCDecrypt(b cipher.Block, iv, data []byte) []byte {
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, data)
	return out
}

// cbcPad pads to a whole number of blocks (always adding 1..16 bytes).
// ISO 10126 allows random filler; upstream fills like PKCS#7, and so do we.
func cbcPad(data []byte, scheme string) []byte {
	n := 16 - len(data)%16
	out := append(append([]byte(nil), data...), make([]byte, n)...)
	tail := out[len(data):]
	switch scheme {
	case "PKCS7", "ISO10126":
		for i := range tail {
			tail[i] = byte(n)
		}
	case "ANSIX923":
		tail[n-1] = byte(n)
	case "ISO7816":
		tail[0] = 0x80
	}
	return out
}

// cbcUnpad removes and checks the padding.
func cbcUnpad(data []byte, scheme string) ([]byte, error) {
	last := data[len(data)-16:]
	if scheme == "ISO7816" {
		for i := 15; i >= 0; i-- {
			if last[i] == 0 {
				continue
			}
			if last[i] == 0x80 {
				return data[:len(data)-16+i], nil
			}
			return nil, errCipherInput
		}
		return nil, errCipherInput
	}
	n := int(last[15])
	if n == 0 || n > 16 {
		return nil, errCipherInput
	}
	for _, c := range last[16-n : 15] {
		if scheme == "PKCS7" && int(c) != n || scheme == "ANSIX923" && c != 0 {
			return nil, errCipherInput
		}
	}
	return data[:len(data)-n], nil
}

// AES-SIV (RFC 5297) with the nonce as the last associated-data component
// (after an empty associated data), output tag || ciphertext.

func sivEncrypt(key, nonce, plaintext []byte) ([]byte, error) {
	half := len(key) / 2
	mac, ctr := aesBlock(key[:half]), aesBlock(key[half:])
	v := s2v(mac, [][]byte{nil, nonce}, plaintext)
	out := append(append([]byte(nil), v...), sivCTR(ctr, v, plaintext)...)
	return out, nil
}

func sivDecrypt(key, nonce, data []byte) ([]byte, error) {
	if len(data) < 16 {
		return nil, errCipherInput
	}
	half := len(key) / 2
	mac, ctr := aesBlock(key[:half]), aesBlock(key[half:])
	v := data[:16]
	plaintext := sivCTR(ctr, v, data[16:])
	if subtle.ConstantTimeCompare(s2v(mac, [][]byte{nil, nonce}, plaintext), v) != 1 {
		return nil, errCipherInput
	}
	return plaintext, nil
}

// sivCTR is CTR mode from the synthetic IV with bits 31 and 63 cleared
// and a 128-bit big-endian counter.
func sivCTR(b cipher.Block, v, data []byte) []byte {
	iv := append([]byte(nil), v...)
	iv[8] &= 0x7f
	iv[12] &= 0x7f
	out := make([]byte, len(data))
	cipher.NewCTR(b, iv).XORKeyStream(out, data)
	return out
}

// s2v is RFC 5297's vector PRF over the headers and the plaintext.
func s2v(b cipher.Block, headers [][]byte, plaintext []byte) []byte {
	d := cmac(b, make([]byte, 16))
	for _, h := range headers {
		d = xorBlock(dbl(d), cmac(b, h))
	}
	var t []byte
	if len(plaintext) >= 16 {
		t = append([]byte(nil), plaintext...)
		tail := t[len(t)-16:]
		for i := range tail {
			tail[i] ^= d[i]
		}
	} else {
		padded := make([]byte, 16)
		copy(padded, plaintext)
		padded[len(plaintext)] = 0x80
		t = xorBlock(dbl(d), padded)
	}
	return cmac(b, t)
}

// dbl doubles a block in GF(2^128).
func dbl(in []byte) []byte {
	out := make([]byte, 16)
	carry := in[0] >> 7
	for i := 0; i < 15; i++ {
		out[i] = in[i]<<1 | in[i+1]>>7
	}
	out[15] = in[15] << 1
	if carry == 1 {
		out[15] ^= 0x87
	}
	return out
}

func xorBlock(a, b []byte) []byte {
	out := make([]byte, 16)
	for i := range out {
		out[i] = a[i] ^ b[i]
	}
	return out
}

// cmac is AES-CMAC (RFC 4493).
func cmac(b cipher.Block, msg []byte) []byte {
	l := make([]byte, 16)
	b.Encrypt(l, l)
	k1 := dbl(l)
	k2 := dbl(k1)
	n := (len(msg) + 15) / 16
	var last []byte
	if n == 0 || len(msg)%16 != 0 {
		if n == 0 {
			n = 1
		}
		padded := make([]byte, 16)
		rest := msg[(n-1)*16:]
		copy(padded, rest)
		padded[len(rest)] = 0x80
		last = xorBlock(padded, k2)
	} else {
		last = xorBlock(msg[(n-1)*16:], k1)
	}
	x := make([]byte, 16)
	for i := 0; i < n-1; i++ {
		x = xorBlock(x, msg[i*16:i*16+16])
		b.Encrypt(x, x)
	}
	x = xorBlock(x, last)
	b.Encrypt(x, x)
	return x
}
