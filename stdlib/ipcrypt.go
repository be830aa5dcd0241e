package stdlib

import (
	"crypto/aes"
	"errors"
	"fmt"
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file implements the two IPCrypt modes encrypt_ip and decrypt_ip
// offer (draft-denis-ipcrypt):
//
//   - "aes128" (ipcrypt-deterministic): the address, as 16 bytes in
//     IPv4-mapped IPv6 form, is one AES-128 block; the result is shown as
//     IPv4 when it happens to be IPv4-mapped, so IPv4 and IPv6 may swap.
//   - "pfx" (ipcrypt-pfx): prefix-preserving; bit i of the output is bit
//     i of the input XOR a pseudorandom bit derived (with two AES-128
//     keys) from the input's first i bits, so addresses sharing a prefix
//     share the encrypted prefix. IPv4 stays IPv4.

// ipcryptMode runs encrypt (decrypt false) or decrypt on one address.
func ipcryptMode(ipText string, key value.Value, modeText string, decrypt bool) (value.Value, error) {
	a, err := parseIPArg(ipText)
	if err != nil {
		return value.Null, err
	}
	label := ipVersionLabel(a)
	keyBytes := key.Str()
	var out netip.Addr
	switch modeText {
	case "aes128":
		if len(keyBytes) != 16 {
			return value.Null, fmt.Errorf("aes128 mode requires a 16-byte key for %s", label)
		}
		out = ipcryptDeterministic(a, []byte(keyBytes), decrypt)
	case "pfx":
		if len(keyBytes) != 32 {
			return value.Null, fmt.Errorf("pfx mode requires a 32-byte key for %s", label)
		}
		var err error
		out, err = ipcryptPfx(a, []byte(keyBytes), decrypt)
		if err != nil {
			return value.Null, err
		}
	default:
		return value.Null, fmt.Errorf("Invalid mode '%s'. Must be 'aes128' or 'pfx'", modeText)
	}
	return value.Bytes(out.String()), nil
}

// ipcryptDeterministic encrypts or decrypts one AES block.
func ipcryptDeterministic(a netip.Addr, key []byte, decrypt bool) netip.Addr {
	block, _ := aes.NewCipher(key) // a 16-byte key never fails
	in := a.As16()
	var out [16]byte
	if decrypt {
		block.Decrypt(out[:], in[:])
	} else {
		block.Encrypt(out[:], in[:])
	}
	return netip.AddrFrom16(out).Unmap()
}

// ipcryptPfx runs the prefix-preserving mode. Bit positions count from
// the least significant bit of the 16-byte form (position 127 is the
// first bit of the address); an IPv4 address only has positions 31..0
// processed, its ::ffff: prefix kept.
func ipcryptPfx(a netip.Addr, key []byte, decrypt bool) (netip.Addr, error) {
	k1, err := aes.NewCipher(key[:16])
	if err != nil {
		return netip.Addr{}, err
	}
	k2, err := aes.NewCipher(key[16:])
	if err != nil {
		return netip.Addr{}, err
	}
	if string(key[:16]) == string(key[16:]) {
		return netip.Addr{}, errors.New("pfx mode requires the two halves of the key to differ")
	}
	in := a.As16()
	var out [16]byte
	// padded holds the prefix processed so far in its low bits, with a
	// marker bit just above it.
	var padded [16]byte
	start := 0
	if a.Is4() {
		start = 96
		out[10], out[11] = 0xff, 0xff
		padded[3] = 0x01
		padded[14], padded[15] = 0xff, 0xff
	} else {
		padded[15] = 0x01
	}
	var e1, e2 [16]byte
	for prefixLen := start; prefixLen < 128; prefixLen++ {
		k1.Encrypt(e1[:], padded[:])
		k2.Encrypt(e2[:], padded[:])
		cipherBit := (e1[15] ^ e2[15]) & 1
		pos := 127 - prefixLen
		inBit := pfxGetBit(&in, pos)
		outBit := inBit ^ cipherBit
		pfxSetBit(&out, pos, outBit)
		// The next prefix is extended with the plaintext bit.
		plainBit := inBit
		if decrypt {
			plainBit = outBit
		}
		pfxShiftLeft(&padded)
		pfxSetBit(&padded, 0, plainBit)
	}
	return netip.AddrFrom16(out).Unmap(), nil
}

func pfxGetBit(b *[16]byte, pos int) byte {
	return (b[15-pos/8] >> (pos % 8)) & 1
}

func pfxSetBit(b *[16]byte, pos int, bit byte) {
	i, m := 15-pos/8, byte(1)<<(pos%8)
	if bit != 0 {
		b[i] |= m
	} else {
		b[i] &^= m
	}
}

func pfxShiftLeft(b *[16]byte) {
	for i := 0; i < 15; i++ {
		b[i] = b[i]<<1 | b[i+1]>>7
	}
	b[15] <<= 1
}

// ipcryptSpec is encrypt_ip (decrypt false) or decrypt_ip.
func ipcryptSpec(ident string, decrypt bool) *Spec {
	return &Spec{
		Ident: ident,
		Parameters: []Param{
			reqParam("ip", value.BitBytes),
			reqParam("key", value.BitBytes),
			reqParam("mode", value.BitBytes),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return ipcryptMode(lossyUTF8(args[0].Str()), args[1], lossyUTF8(args[2].Str()), decrypt)
		},
	}
}
