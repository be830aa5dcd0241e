// Command matano is the GitOps compiler and runtime for a Matano directory:
// it validates the directory, checks VRL transforms, and (in later
// subcommands) builds, deploys and runs the pipeline.
//
// The command layer is thin: each subcommand parses its flags into a
// struct, calls compiler/ or runtime/, and hands the result to a view.
package main

import (
	"io"
	"os"
)

func main() {
	stop, err := startProfile()
	if err != nil {
		io.WriteString(os.Stderr, "matano: "+err.Error()+"\n")
		os.Exit(2)
	}
	code := Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the CLI with the given arguments and streams and returns the
// process exit code: 0 success, 1 a failed check (invalid directory,
// failing VRL), 2 a usage or I/O error.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		if ee, ok := err.(exitError); ok {
			if ee.msg != "" {
				io.WriteString(stderr, "matano: "+ee.msg+"\n")
			}
			return ee.code
		}
		io.WriteString(stderr, "matano: "+err.Error()+"\n")
		return 2
	}
	return 0
}

// exitError carries an exit code out of a subcommand. msg, when set, is
// printed on stderr.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// exitCode returns an error that makes Main exit with code, silently.
func exitCode(code int) error {
	if code == 0 {
		return nil
	}
	return exitError{code: code}
}

// usageError makes Main print msg and exit with 2.
func usageError(msg string) error { return exitError{code: 2, msg: msg} }
