//go:build !linux

package app

// handOff is Linux's: elsewhere Wails itself hands a second start's
// arguments to the running window inside wails.Run and ends the process.
func handOff(string, []string) (bool, error) { return false, nil }
