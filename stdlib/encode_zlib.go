package stdlib

// encode_zlib compresses bytes into a zlib stream.
func init() {
	Register(deflateEncoder("encode_zlib", zlibCompress))
}
