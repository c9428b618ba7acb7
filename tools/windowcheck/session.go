package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// sessionBus is a D-Bus session bus of the check's own. Zhiku finds the
// window already running on the same data folder over the session bus
// (Wails' single-instance lock); CI runs as root under Xvfb with no
// session, where a second start would find nothing and open a second
// window. A private bus, as dbus-run-session gives, is what a desktop
// session has, and touches no bus of the person running the check.
type sessionBus struct {
	address string
	cmd     *exec.Cmd
}

func startSessionBus(logPath string) (*sessionBus, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run dbus-daemon (is the dbus-daemon package installed?): %w", err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("dbus-daemon printed no address; see %s", logPath)
	}
	return &sessionBus{address: strings.TrimSpace(line), cmd: cmd}, nil
}

func (b *sessionBus) env() string { return "DBUS_SESSION_BUS_ADDRESS=" + b.address }

func (b *sessionBus) stop() {
	b.cmd.Process.Signal(syscall.SIGTERM)
	b.cmd.Wait()
}
