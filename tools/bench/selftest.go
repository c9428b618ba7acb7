package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/squad"
)

// selfTestQuestions is how many chunks the check-up draws for the figure.
const selfTestQuestions = 100

// selfTestRows times `zhiku eval --kb` on CMRC 2018 paragraphs, each a
// file, with a stand-in chat model that writes its question at once: the
// figure is the check-up's own cost (drawing, the grounding check, every
// setting's searches, keeping the run). A real model adds its time to
// write 100 questions, which depends on the model alone.
func selfTestRows(cfg config) ([]row, error) {
	set, err := squad.Load(filepath.Join("..", "shared", "data", "cmrc2018", "cmrc2018_dev.json"))
	if err != nil {
		return nil, fmt.Errorf("CMRC 2018 set: %w", err)
	}
	work, err := os.MkdirTemp("", "zhiku-bench-selftest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	folder, files := filepath.Join(work, "cmrc"), 0
	for ai, a := range set.Data {
		for pi, p := range a.Paragraphs {
			name := filepath.Join(folder, fmt.Sprintf("%04d-%d.txt", ai, pi))
			if err := os.MkdirAll(folder, 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(name, []byte(a.Title+"\n\n"+p.Context), 0o644); err != nil {
				return nil, err
			}
			files++
		}
	}
	dataDir := filepath.Join(work, "data")
	if _, _, _, err := runIndex(cfg.bin, folder, dataDir); err != nil {
		return nil, err
	}
	host, stop, err := startQuestionWriter()
	if err != nil {
		return nil, err
	}
	defer stop()
	cmd := exec.Command(cfg.bin, "eval", "--kb", "bench", "--questions", fmt.Sprint(selfTestQuestions), "--model", "writer",
		"--data-dir", dataDir, "--json")
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "OLLAMA_HOST="+host)
	began := time.Now()
	out, err := cmd.Output()
	elapsed := time.Since(began)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return nil, fmt.Errorf("zhiku eval --kb: %s", ee.Stderr)
		}
		return nil, fmt.Errorf("zhiku eval --kb: %w", err)
	}
	var run struct {
		Questions int
		Seconds   float64
		Scores    []struct{ Setting struct{ Key string } }
	}
	if err := json.Unmarshal(out, &run); err != nil {
		return nil, err
	}
	return []row{
		{name: fmt.Sprintf("self-test: %d questions over %d files, %d settings, instant stand-in model", run.Questions, files, len(run.Scores)),
			value: run.Seconds, unit: "s",
			baseline: fmt.Sprintf("whole command %.1f s; a real model adds its time to write %d questions", elapsed.Seconds(), selfTestQuestions)},
	}, nil
}

// startQuestionWriter serves Ollama's chat endpoint on loopback, answering
// the Q&A-pair writer with a question about the middle of its passage,
// worded around it so it passes the grounding check without copying.
func startQuestionWriter() (string, func(), error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		passage := []rune(strings.NewReplacer("<input>", "", "</input>", "").Replace(req.Messages[len(req.Messages)-1].Content))
		mid := len(passage) / 2
		span := strings.TrimSpace(string(passage[max(mid-6, 0):min(mid+6, len(passage))]))
		pairs, _ := json.Marshal([]map[string]string{{"question": "文中关于“" + span + "”的内容说了什么？", "answer": span}})
		reply, _ := json.Marshal(map[string]any{"done": true, "message": map[string]string{"role": "assistant", "content": string(pairs)}})
		w.Write(append(reply, '\n'))
	})}
	go server.Serve(listener)
	return listener.Addr().String(), func() { server.Close() }, nil
}
