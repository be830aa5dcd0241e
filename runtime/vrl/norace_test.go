//go:build !race

package vrl

// raceEnabled reports a -race build (see race_test.go).
const raceEnabled = false
