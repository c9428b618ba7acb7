package models

import (
	"os/exec"
	"strconv"
	"strings"
)

func systemMemory() (total, available int64) {
	out, err := exec.Command("sysctl", "-n", "hw.memsize").Output()
	if err != nil {
		return 0, 0
	}
	total, _ = strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	return total, 0
}
