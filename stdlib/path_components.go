package stdlib

import "strings"

// Unix path handling as Rust's std::path does it, which basename,
// dirname and split_path inherit from upstream: repeated separators and
// inner "." components are ignored, a leading "." is a component of its
// own, and trailing separators do not make an empty last component.

// corePathComponents splits p into its components: "/" for the root, "." for
// a leading current-directory marker, then the names ("..", too).
func corePathComponents(p string) []string {
	var comps []string
	rest := p
	if strings.HasPrefix(p, "/") {
		comps = append(comps, "/")
		rest = p[1:]
	} else if p == "." || strings.HasPrefix(p, "./") {
		comps = append(comps, ".")
		rest = p[1:]
	}
	for _, part := range strings.Split(rest, "/") {
		if part == "" || part == "." {
			continue
		}
		comps = append(comps, part)
	}
	return comps
}

// corePathPrefixLen is the length of p's root or leading "." (Rust's
// len_before_body).
func corePathPrefixLen(p string) int {
	if strings.HasPrefix(p, "/") || p == "." || strings.HasPrefix(p, "./") {
		return 1
	}
	return 0
}

// corePathTrimRight drops trailing separators and "." components from p.
func corePathTrimRight(p string) string {
	before := corePathPrefixLen(p)
	for len(p) > before {
		body := p[before:]
		comp, size := body, len(body)
		if i := strings.LastIndexByte(body, '/'); i >= 0 {
			comp, size = body[i+1:], len(body)-i
		}
		if comp != "" && comp != "." {
			break
		}
		p = p[:len(p)-size]
	}
	return p
}

// corePathParent returns p without its last component, and false when p has
// no parent (it is empty or a root).
func corePathParent(p string) (string, bool) {
	p = corePathTrimRight(p)
	before := corePathPrefixLen(p)
	if len(p) == before {
		// The last component is the root, the leading ".", or nothing.
		if p == "." {
			return "", true
		}
		return "", false
	}
	body := p[before:]
	if i := strings.LastIndexByte(body, '/'); i >= 0 {
		return corePathTrimRight(p[:before+i]), true
	}
	return p[:before], true
}
