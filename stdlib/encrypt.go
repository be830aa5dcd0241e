package stdlib

// encrypt encrypts plaintext with a symmetric algorithm, raw key and IV
// (see cipher.go for the algorithms).
func init() { Register(cipherFunction("encrypt", "plaintext", false)) }
