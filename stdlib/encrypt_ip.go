package stdlib

// encrypt_ip encrypts an address into another valid address with IPCrypt
// ("aes128" or prefix-preserving "pfx"; see ipcrypt.go).
func init() {
	Register(ipcryptSpec("encrypt_ip", false))
}
