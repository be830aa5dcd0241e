// Package scaffold writes a new Matano directory (`matano init`): a
// configuration, a custom log source with a VRL transform and sample logs,
// a detection with tests, a .gitignore and a GitHub workflow that
// validates pull requests. The result validates as written.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

//go:embed all:template
var files embed.FS

// Options are the values a new directory is made from.
type Options struct {
	// Name is the directory's base name, used in its README.
	Name string
	// Account is the 12-digit AWS account id.
	Account string
	// Region is the AWS region, e.g. us-east-1.
	Region string
	// ProjectLabel is optional: kebab-case, 5–15 characters, without "matano".
	ProjectLabel string
}

var (
	accountRe = regexp.MustCompile(`^\d{12}$`)
	regionRe  = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-\d$`)
	labelRe   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Check returns what is wrong with the options, if anything.
func (o Options) Check() error {
	var errs []error
	if !accountRe.MatchString(o.Account) {
		errs = append(errs, fmt.Errorf("account %q is not a 12-digit AWS account id", o.Account))
	}
	if !regionRe.MatchString(o.Region) {
		errs = append(errs, fmt.Errorf("region %q is not an AWS region name such as us-east-1", o.Region))
	}
	if o.ProjectLabel != "" {
		if err := CheckProjectLabel(o.ProjectLabel); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// CheckProjectLabel applies Matano's rule for project labels.
func CheckProjectLabel(l string) error {
	switch {
	case len(l) < 5 || len(l) > 15:
		return fmt.Errorf("project label %q must be 5 to 15 characters long", l)
	case !labelRe.MatchString(l):
		return fmt.Errorf("project label %q must be kebab-case (lower-case letters, digits and single hyphens)", l)
	case strings.Contains(l, "matano"):
		return fmt.Errorf("project label %q must not contain \"matano\"", l)
	}
	return nil
}

// DefaultProjectLabel derives a project label from a directory name, or
// returns "" when the name can't be made into a valid one.
func DefaultProjectLabel(dirName string) string {
	l := strings.ToLower(dirName)
	l = regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(l, "-")
	l = strings.Trim(l, "-")
	if CheckProjectLabel(l) != nil {
		return ""
	}
	return l
}

// Write creates the directory dir (which must not exist or be empty
// unless force is set) and returns the paths it wrote, relative to dir.
func Write(dir string, o Options, force bool) ([]string, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	if !force {
		entries, err := os.ReadDir(dir)
		if err == nil && len(entries) > 0 {
			return nil, fmt.Errorf("%s is not empty (use --force to write into it)", dir)
		}
	}
	return writeTree(files, "template", dir, func(rel string, data []byte) (string, []byte, error) {
		if !strings.HasSuffix(rel, ".tmpl") {
			return rel, data, nil
		}
		rel = strings.TrimSuffix(rel, ".tmpl")
		t, err := template.New(rel).Delims("[[", "]]").Option("missingkey=error").Parse(string(data))
		if err != nil {
			return "", nil, fmt.Errorf("template %s: %w", rel, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, o); err != nil {
			return "", nil, fmt.Errorf("template %s: %w", rel, err)
		}
		return rel, b.Bytes(), nil
	})
}

// writeTree copies the embedded folder root into dir and returns the
// paths it wrote, relative to dir. render, when set, may rename a file or
// rewrite its content (templates). embed skips names starting with ".",
// so trees store .gitignore as "gitignore".
func writeTree(fsys fs.FS, root, dir string, render func(rel string, data []byte) (string, []byte, error)) ([]string, error) {
	var written []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if render != nil {
			if rel, data, err = render(rel, data); err != nil {
				return err
			}
		}
		if path.Base(rel) == "gitignore" {
			rel = path.Join(path.Dir(rel), ".gitignore")
		}
		out := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	return written, err
}
