package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// describeMachine names the CPU, core count, memory and OS, so a table read
// later says where its figures came from.
func describeMachine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "? GiB"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	kernel := ""
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = " " + strings.TrimSpace(string(data))
	}
	return fmt.Sprintf("machine: %s, %d cores, %s RAM, %s/%s%s, %s",
		cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, kernel, runtime.Version())
}
