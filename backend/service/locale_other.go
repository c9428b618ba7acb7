//go:build !windows && !darwin

package service

// platformLocale has nothing to add where the environment is the source.
func platformLocale() string { return "" }
