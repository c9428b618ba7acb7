// Package crashtest kills a worker process with SIGKILL at random points of
// its work, as a crash or a forced quit does, so a test can check what the
// work left on disk. The worker is the test binary itself, started again
// in a mode its TestMain hands to Main.
package crashtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	workEnv = "ZHIKU_CRASH_WORK"
	dirEnv  = "ZHIKU_CRASH_DIR"
	commit  = "commit "
	done    = "finished"
)

// Work is what a worker does in dir, calling Commit after each step that
// must survive a crash.
type Work func(dir string) error

// Main runs the named work and exits when the process was started as a
// worker; otherwise it returns and TestMain goes on to run the tests.
func Main(works map[string]Work) {
	name := os.Getenv(workEnv)
	if name == "" {
		return
	}
	work, ok := works[name]
	if !ok {
		fmt.Fprintln(os.Stderr, "no crash work named", name)
		os.Exit(2)
	}
	if err := work(os.Getenv(dirEnv)); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
	fmt.Println(done)
	os.Exit(0)
}

// Commit tells the test that a step is durable: everything committed
// before a kill must be found after it. Standard output is unbuffered, so
// the line is out before the next step begins.
func Commit(format string, args ...any) {
	fmt.Printf(commit+format+"\n", args...)
}

// Result is what one run of a worker did before it ended.
type Result struct {
	Commits  []string // the committed steps, in order
	Finished bool     // the work ran to its end before the kill
}

// Run starts the named work in dir and kills it jitter after its
// killAfter-th commit (killAfter 0: jitter after it starts), with extra
// environment variables; it waits for the process to be gone.
func Run(t testing.TB, work, dir string, killAfter int, jitter time.Duration, env ...string) Result {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(append(os.Environ(), workEnv+"="+work, dirEnv+"="+dir), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill := func() {
		time.Sleep(jitter)
		cmd.Process.Signal(syscall.SIGKILL)
	}
	if killAfter == 0 {
		go kill()
	}
	var r Result
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		line := lines.Text()
		if line == done {
			r.Finished = true
			break
		}
		if step, ok := strings.CutPrefix(line, commit); ok {
			r.Commits = append(r.Commits, step)
			if len(r.Commits) == killAfter {
				go kill()
			}
		}
	}
	// Lines printed after the kill was decided still happened: read them.
	for lines.Scan() {
		if step, ok := strings.CutPrefix(lines.Text(), commit); ok {
			r.Commits = append(r.Commits, step)
		}
	}
	err = cmd.Wait()
	if exit, ok := err.(*exec.ExitError); ok && !r.Finished && exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the %s worker failed on its own: %v", work, err)
	}
	return r
}
