//go:build race

package vrl

// raceEnabled reports a -race build, under which sync.Pool drops frames
// at random, so allocation counts say nothing.
const raceEnabled = true
