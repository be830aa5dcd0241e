package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// searchDepth is how many directory levels below the start (or the git
// root) FindRoot looks for matano.config.yml.
const searchDepth = 3

// FindRoot decides which Matano directory a command works on:
//
//  1. explicit (the --dir flag), when given, which must be a directory;
//  2. start, when it holds matano.config.yml;
//  3. the only directory up to three levels below start that holds one;
//  4. the same search below the root of the git repository around start.
//
// Finding more than one candidate at a step is an error that lists them,
// because guessing would validate or deploy the wrong project. The result
// is an absolute path.
func FindRoot(start, explicit string) (string, error) {
	if explicit != "" {
		abs, err := filepath.Abs(explicit)
		if err != nil {
			return "", err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return "", fmt.Errorf("matano directory %s: %w", explicit, err)
		}
		if !st.IsDir() {
			return "", fmt.Errorf("matano directory %s is not a directory", explicit)
		}
		return abs, nil
	}
	start, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if isMatanoDir(start) {
		return start, nil
	}
	found, err := searchBelow(start)
	if err != nil {
		return "", err
	}
	if len(found) == 0 {
		if git := gitRoot(start); git != "" && git != start {
			if isMatanoDir(git) {
				return git, nil
			}
			if found, err = searchBelow(git); err != nil {
				return "", err
			}
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no %s found in %s, %d levels below it, or in its git repository; pass --dir or run `matano init`", ConfigFile, start, searchDepth)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("several Matano directories found (%s); pass --dir to choose one", strings.Join(found, ", "))
}

func isMatanoDir(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ConfigFile))
	return err == nil && !st.IsDir()
}

// searchBelow returns the directories 1..searchDepth levels below dir
// that hold matano.config.yml, sorted. Hidden directories and dependency
// folders are skipped: they never hold a project and can be huge.
func searchBelow(dir string) ([]string, error) {
	var found []string
	var walk func(d string, depth int) error
	walk = func(d string, depth int) error {
		if depth >= searchDepth {
			return nil
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			if depth == 0 {
				return err
			}
			return nil // an unreadable subfolder is not where the project is
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor" || name == "__pycache__" {
				continue
			}
			sub := filepath.Join(d, name)
			if isMatanoDir(sub) {
				found = append(found, sub)
				continue // a Matano directory does not nest another one
			}
			if err := walk(sub, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(dir, 0); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	sort.Strings(found)
	return found, nil
}

// gitRoot returns the nearest ancestor of dir (or dir itself) holding a
// .git entry, or "".
func gitRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
