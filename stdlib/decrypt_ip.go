package stdlib

// decrypt_ip reverses encrypt_ip given the same key and mode.
func init() {
	Register(ipcryptSpec("decrypt_ip", true))
}
