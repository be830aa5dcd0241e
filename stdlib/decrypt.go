package stdlib

// decrypt reverses encrypt: same algorithm, key and IV.
func init() { Register(cipherFunction("decrypt", "ciphertext", true)) }
