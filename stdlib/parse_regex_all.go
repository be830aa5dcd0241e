package stdlib

// parse_regex_all returns every non-overlapping match's captures, as
// parse_regex builds them for one match. It never fails at run time but is
// declared fallible upstream.
func init() {
	Register(regexParseDef("parse_regex_all", true))
}
