package stdlib

// encode_gzip compresses bytes into a gzip member (no name, mtime 0).
func init() {
	Register(deflateEncoder("encode_gzip", gzipCompress))
}
