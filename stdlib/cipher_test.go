package stdlib

import (
	"encoding/hex"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// cipherVectors are upstream's encrypt/decrypt unit-test vectors: the same
// plaintext, key and IV under every algorithm, and the expected
// ciphertext in hex.
var cipherVectors = []struct{ plaintext, algorithm, key, iv, ciphertext string }{
	{"morethan1blockofdata", "AES-256-CFB", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "d13392819a5e0e3d3c88dce72f3a5d9008538471"},
	{"morethan1blockofdata", "AES-192-CFB", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "55bd36db5abf617d2638eb6f6719997845ff4cf1"},
	{"morethan1blockofdata", "AES-128-CFB", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "fdf9ef1f4065efd05ac30c27ad5d0ed20b5a4b34"},
	{"morethan1blockofdata", "AES-256-OFB", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "d13392819a5e0e3d3c88dce72f3a5d90fe28896b"},
	{"morethan1blockofdata", "AES-192-OFB", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "55bd36db5abf617d2638eb6f67199978e4f44a1f"},
	{"morethan1blockofdata", "AES-128-OFB", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "fdf9ef1f4065efd05ac30c27ad5d0ed25169e9f4"},
	{"morethan1blockofdata", "AES-256-CTR-LE", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "d13392819a5e0e3d3c88dce72f3a5d909a99a7b6"},
	{"morethan1blockofdata", "AES-192-CTR-LE", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "55bd36db5abf617d2638eb6f6719997888b6396e"},
	{"morethan1blockofdata", "AES-128-CTR-LE", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "fdf9ef1f4065efd05ac30c27ad5d0ed2760405ee"},
	{"morethan1blockofdata", "AES-256-CTR-BE", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "d13392819a5e0e3d3c88dce72f3a5d906bea1c09"},
	{"morethan1blockofdata", "AES-192-CTR-BE", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "55bd36db5abf617d2638eb6f671999788ab343fd"},
	{"morethan1blockofdata", "AES-128-CTR-BE", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "fdf9ef1f4065efd05ac30c27ad5d0ed2ae1576ab"},
	{"morethan1blockofdata", "AES-256-CBC-PKCS7", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "802d394f1cf12c5202a00e1747d842f4f971f30cca4b0368bcb2e876551210b3"},
	{"morethan1blockofdata", "AES-192-CBC-PKCS7", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "fa47974f566ad4f5801c9f7dac2c3a74fbcae5f18c08ed5cf5ffeff8e90a9c2a"},
	{"morethan1blockofdata", "AES-128-CBC-PKCS7", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "9452b5fe45d9294e31d3fee63645059c68aef6820d44fd48d354386ea7ec9857"},
	{"morethan1blockofdata", "AES-256-CBC-ANSIX923", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "802d394f1cf12c5202a00e1747d842f4d9766a150a2692eaee0320eb9e8f9790"},
	{"morethan1blockofdata", "AES-192-CBC-ANSIX923", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "fa47974f566ad4f5801c9f7dac2c3a74bcafbddf3010dce7104c6be4033ba2f5"},
	{"morethan1blockofdata", "AES-128-CBC-ANSIX923", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "9452b5fe45d9294e31d3fee63645059c456e710f3902fe2f540fc518729522e3"},
	{"morethan1blockofdata", "AES-256-CBC-ISO7816", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "802d394f1cf12c5202a00e1747d842f48412ebe669efbc4ee8355c486e56b292"},
	{"morethan1blockofdata", "AES-192-CBC-ISO7816", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "fa47974f566ad4f5801c9f7dac2c3a74256c6e43723b4ebc71fe45b48361209b"},
	{"morethan1blockofdata", "AES-128-CBC-ISO7816", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "9452b5fe45d9294e31d3fee63645059c5770cf75ba8601519f778ff212ba9b30"},
	{"morethan1blockofdata", "AES-256-CBC-ISO10126", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "802d394f1cf12c5202a00e1747d842f4f971f30cca4b0368bcb2e876551210b3"},
	{"morethan1blockofdata", "AES-192-CBC-ISO10126", "24_bytes_xxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "fa47974f566ad4f5801c9f7dac2c3a74fbcae5f18c08ed5cf5ffeff8e90a9c2a"},
	{"morethan1blockofdata", "AES-128-CBC-ISO10126", "16_bytes_xxxxxxx", "16_bytes_xxxxxxx", "9452b5fe45d9294e31d3fee63645059c68aef6820d44fd48d354386ea7ec9857"},
	{"morethan1blockofdata", "AES-128-SIV", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "694d79b135169d4b97219d310f71e29ab215b2d2d04019fa28ff6f5a17ace555ced48174"},
	{"morethan1blockofdata", "AES-256-SIV", "64_bytes_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "16_bytes_xxxxxxx", "5b9b3e638cb9f8a4b9f815b0f96720bf847b16faefcd34272c4f2f30f6cd780b2241b935"},
	{"morethan1blockofdata", "CHACHA20-POLY1305", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "12_bytes_xxx", "146de3c9bc21af75e331b9178f9b4f6f307d6ef47b24950fa08230b752e32e7bd73f9610"},
	{"morethan1blockofdata", "XCHACHA20-POLY1305", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "24_bytes_xxxxxxxxxxxxxxx", "84d0533c5c88013961d3a137dfc0e0d368bc6e2d9885401908c56b691810dd21542391cf"},
	{"morethan1blockofdata", "XSALSA20-POLY1305", "32_bytes_xxxxxxxxxxxxxxxxxxxxxxx", "24_bytes_xxxxxxxxxxxxxxx", "28c8b8881dc0c046a5c76ec8054209ce69528fafc7a8eb2e952814e843805b7785f38d6e"},
}

func TestCipherVectors(t *testing.T) {
	if len(cipherVectors) != 29 {
		t.Fatalf("want 29 vectors, have %d", len(cipherVectors))
	}
	for _, v := range cipherVectors {
		got := evalCall(t, "encrypt", v.plaintext, v.algorithm, kwArg{"key", v.key}, kwArg{"iv", v.iv})
		if h := hex.EncodeToString([]byte(got.Str())); h != v.ciphertext {
			t.Errorf("encrypt %s = %s, want %s", v.algorithm, h, v.ciphertext)
		}
		ct, _ := hex.DecodeString(v.ciphertext)
		back := evalCall(t, "decrypt", value.BytesFrom(ct), v.algorithm, kwArg{"key", v.key}, kwArg{"iv", v.iv})
		if back.Str() != v.plaintext {
			t.Errorf("decrypt %s = %q", v.algorithm, back.Str())
		}
	}
}

func TestCipherFunctions(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "decrypt", args: []any{tB64("c/dIOA=="), "AES-256-CFB", kwArg{"key", "01234567890123456789012345678912"}, kwArg{"iv", "0123456789012345"}}, want: `"data"`, fallible: boolPtr(true)},
		{fn: "decrypt", args: []any{tB64("5fLGcu1VHdzsPcGNDio7asLqE1P43QrVfPfmP4i4zOU="), "AES-128-CBC-PKCS7", kwArg{"key", "16_byte_keyxxxxx"}, kwArg{"iv", tB64("fVEIRkIiczCRWNxaarsyxA==")}}, want: `"super_secret_message"`},
		{fn: "encrypt", args: []any{"data", "aes-256-cfb", kwArg{"key", "short"}, kwArg{"iv", "0123456789012345"}}, err: "Invalid key size. Expected 32 bytes. Found 5 bytes"},
		{fn: "encrypt", args: []any{"data", "AES-256-CFB", kwArg{"key", "01234567890123456789012345678912"}, kwArg{"iv", "x"}}, err: "Invalid iv size. Expected 16 bytes. Found 1 bytes"},
		{fn: "encrypt", args: []any{"data", "ROT13", kwArg{"key", "k"}, kwArg{"iv", "i"}}, compileErr: `invalid argument "algorithm" | error: Invalid algorithm | received: "ROT13"`},
		{fn: "encrypt", args: []any{"data", dynArg{tStr("ROT13")}, kwArg{"key", "k"}, kwArg{"iv", "i"}}, err: "Invalid algorithm: ROT13"},
		{fn: "decrypt", args: []any{"0123456789abcdef", "AES-128-CBC-PKCS7", kwArg{"key", "16_byte_keyxxxxx"}, kwArg{"iv", "16_byte_keyxxxxx"}}, err: "Invalid input"},
		{fn: "decrypt", args: []any{"short", "AES-128-CBC-PKCS7", kwArg{"key", "16_byte_keyxxxxx"}, kwArg{"iv", "16_byte_keyxxxxx"}}, err: "Invalid input"},
	})
	b64 := func(v value.Value) string { return evalCall(t, "encode_base64", v).Str() }
	if got := b64(evalCall(t, "encrypt", "data", "AES-256-CFB", kwArg{"key", "01234567890123456789012345678912"}, kwArg{"iv", "0123456789012345"})); got != "c/dIOA==" {
		t.Errorf("AES-256-CFB example: %s", got)
	}
	if got := b64(evalCall(t, "encrypt", "super secret message", "AES-128-CBC-PKCS7", kwArg{"key", "16_byte_keyxxxxx"}, kwArg{"iv", "1234567890123456"})); got != "GBw8Mu00v0Kc38+/PvsVtGgWuUJ+ZNLgF8Opy8ohIYE=" {
		t.Errorf("AES-128-CBC-PKCS7 example: %s", got)
	}
	// Every padding round-trips at every length around a block boundary.
	for _, alg := range []string{"AES-128-CBC-PKCS7", "AES-128-CBC-ANSIX923", "AES-128-CBC-ISO7816", "AES-128-CBC-ISO10126", "AES-128-SIV", "AES-128-CTR-BE"} {
		key := "16_bytes_xxxxxxx"
		if alg == "AES-128-SIV" {
			key += key
		}
		for n := 0; n <= 33; n++ {
			pt := string(make([]byte, n))
			ct := evalCall(t, "encrypt", pt, alg, kwArg{"key", key}, kwArg{"iv", "16_bytes_xxxxxxx"})
			if back := evalCall(t, "decrypt", ct, alg, kwArg{"key", key}, kwArg{"iv", "16_bytes_xxxxxxx"}); back.Str() != pt {
				t.Errorf("%s round trip of %d bytes failed", alg, n)
			}
		}
	}
}

// TestSIVRFC5297 checks S2V and SIV against RFC 5297's deterministic
// example (A.1).
func TestSIVRFC5297(t *testing.T) {
	key, _ := hex.DecodeString("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
	ad, _ := hex.DecodeString("101112131415161718191a1b1c1d1e1f2021222324252627")
	pt, _ := hex.DecodeString("112233445566778899aabbccddee")
	v := s2v(aesBlock(key[:16]), [][]byte{ad}, pt)
	if got := hex.EncodeToString(v); got != "85632d07c6e8f37f950acd320a2ecc93" {
		t.Fatalf("S2V = %s", got)
	}
	if got := hex.EncodeToString(sivCTR(aesBlock(key[16:]), v, pt)); got != "40c02b9690c4dc04daef7f6afe5c" {
		t.Fatalf("SIV CTR = %s", got)
	}
}
