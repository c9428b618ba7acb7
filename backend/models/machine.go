package models

import (
	"bufio"
	"context"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Probe reads what the machine offers. Its fields are the ways it looks,
// so tests can stand in for the system.
type Probe struct {
	// Memory returns total and available RAM in bytes.
	Memory func() (total, available int64)
	// Run runs a command and returns its output, for nvidia-smi.
	Run      func(ctx context.Context, name string, args ...string) ([]byte, error)
	OS, Arch string
	CPUs     int
}

// SystemProbe looks at this computer.
func SystemProbe() Probe {
	return Probe{
		Memory: systemMemory, OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(),
		Run: func(ctx context.Context, name string, args ...string) ([]byte, error) {
			return exec.CommandContext(ctx, name, args...).Output()
		},
	}
}

// Machine describes the computer: RAM, NVIDIA GPUs through nvidia-smi
// where it is installed, and Apple silicon's unified memory.
func (p Probe) Machine(ctx context.Context) core.Machine {
	m := core.Machine{OS: p.OS, Arch: p.Arch, CPUs: p.CPUs, GPUs: []core.GPU{}}
	m.RAMBytes, m.AvailableBytes = p.Memory()
	m.Unified = p.OS == "darwin" && p.Arch == "arm64"
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if out, err := p.Run(ctx, "nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"); err == nil {
		m.GPUs = parseNvidiaSMI(string(out))
	}
	return m
}

// parseNvidiaSMI reads lines of "name, MiB".
func parseNvidiaSMI(out string) []core.GPU {
	gpus := []core.GPU{}
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		name, mibText, ok := strings.Cut(line, ",")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(mibText), 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		gpus = append(gpus, core.GPU{Name: strings.TrimSpace(name), VRAMBytes: n * mib})
	}
	return gpus
}

// parseMeminfo reads MemTotal and MemAvailable from /proc/meminfo.
func parseMeminfo(text string) (total, available int64) {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "MemTotal:":
			total = kb * 1024
		case "MemAvailable:":
			available = kb * 1024
		}
	}
	return total, available
}
