package cli

import (
	"context"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

var (
	txtCheckupWriting    = text{"Writing questions…", "正在出题…"}
	txtCheckupSearching  = text{"Measuring settings…", "正在比较检索设置…"}
	txtCheckupRechunking = text{"Cutting the files again at the other chunk size…", "正在按另一分块大小重新切分文件…"}
	txtCheckupHeader     = text{"Retrieval check-up of %s: %s from %s (%d without a question, %d failed the check), written by %s in %.0f s",
		"%s 的检索体检：%s（抽取 %s；%d 个未写出问题，%d 个未通过检查），出题模型 %s，用时 %.0f 秒"}
	txtCheckupChunks      = counted{"%d chunk", "%d chunks", "%d 个文本块"}
	txtCheckupRecommended = text{"Recommended: %s (MRR %.3f, hit@5 %.3f)", "推荐：%s（MRR %.3f，hit@5 %.3f）"}
	txtCheckupApplyHint   = text{"Apply it with --apply, or in the window.", "加上 --apply 即可应用，也可在窗口中应用。"}
	txtCheckupApplied     = text{"Applied to the retrieval settings.", "已应用到检索设置。"}
	txtCheckupMisses      = text{"Questions %s did not rank in the first five:", "%s 未排进前五的问题："}
	txtCheckupExpected    = text{"expected", "应为"}
	txtCheckupFirst       = text{"first came", "排第一的是"}
)

// wantsCheckup reports whether eval's arguments name a knowledge base,
// which makes it a check-up of that knowledge base rather than a
// measurement on a question set.
func wantsCheckup(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "kb" {
			return true
		}
	}
	return false
}

// runCheckup is `zhiku eval --kb NAME`: the retrieval check-up of a
// knowledge base, as the window runs it, printed as a table.
func runCheckup(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "eval", "eval --kb NAME [--questions 50] [--model MODEL] [--chunk-tokens N] [--apply] [--json]")
	kbName := fs.String("kb", "", "the knowledge base to check")
	questions := fs.Int("questions", 50, "how many chunks to write a question about")
	model := fs.String("model", "", "the chat model that writes the questions (default: as in Settings)")
	chunkTokens := fs.Int("chunk-tokens", 0, "also measure keyword search with the files cut again into chunks of this many tokens")
	apply := fs.Bool("apply", false, "apply the recommended setting (and its chunk size, if it has one)")
	asJSON := fs.Bool("json", false, "print the run as JSON")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *kbName == "" || *questions < 1 {
		fs.Usage()
		return exitError{2}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	events := &checkupEvents{meter: newMeter(env.Stderr), locale: env.Locale, done: make(chan core.SelfTestProgress, 1)}
	backend, err := openBackend(ctx, *dataDir, "eval", events)
	if err != nil {
		return err
	}
	defer backend.Close()
	kbs, err := kbIDs(ctx, backend.Library, []string{*kbName})
	if err != nil {
		return err
	}
	if err := backend.SelfTest.Start(ctx, service.SelfTestRequest{KBID: kbs[0], Model: *model, Questions: *questions, ChunkTokens: *chunkTokens}); err != nil {
		return err
	}
	var final core.SelfTestProgress
	select {
	case final = <-events.done:
	case <-ctx.Done():
		backend.SelfTest.Cancel(context.Background(), kbs[0])
		final = <-events.done
	}
	events.meter.finish()
	switch {
	case final.Problem != nil:
		return final.Problem
	case final.Run == nil:
		return ctx.Err()
	}
	run := *final.Run
	if *apply {
		if _, err := backend.SelfTest.Apply(ctx, run.ID, ""); err != nil {
			return err
		}
	}
	if *asJSON {
		return printJSON(env.Stdout, run)
	}
	printCheckup(env, *kbName, run, *apply)
	return nil
}

// printCheckup prints a run as a table, the recommendation, and the
// questions the recommended setting missed.
func printCheckup(env *Env, kbName string, run core.SelfTestRun, applied bool) {
	w, l := env.Stdout, env.Locale
	fmt.Fprintln(w, txtCheckupHeader.in(l, kbName, txtQuestions.in(l, run.Questions), txtCheckupChunks.in(l, run.Drawn),
		run.Unparsed, run.Ungrounded, run.ChatModel, run.Seconds))
	fmt.Fprintf(w, "\n  %-20s %7s %7s %7s %8s\n", "setting", "hit@1", "hit@5", "MRR", "p50 ms")
	for _, s := range run.Scores {
		mark := " "
		if s.Setting.Key == run.Recommended {
			mark = "*"
		}
		fmt.Fprintf(w, "%s %-20s %7.3f %7.3f %7.3f %8.1f\n", mark, s.Setting.Key, s.Hit1, s.Hit5, s.MRR, s.P50Millis)
	}
	best, ok := run.Recommendation()
	if !ok {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, txtCheckupRecommended.in(l, best.Setting.Key, best.MRR, best.Hit5))
	if applied {
		fmt.Fprintln(w, txtCheckupApplied.in(l))
	} else {
		fmt.Fprintln(w, txtCheckupApplyHint.in(l))
	}
	if len(best.Misses) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, txtCheckupMisses.in(l, best.Setting.Key))
	for _, m := range best.Misses {
		fmt.Fprintf(w, "  %s\n    %s %s\n", m.Question, txtCheckupExpected.in(l), place(m.Path, m.Page))
		if m.FirstPath != "" {
			fmt.Fprintf(w, "    %s %s\n", txtCheckupFirst.in(l), place(m.FirstPath, m.FirstPage))
		}
	}
}

// place is a file, with its page when it has pages.
func place(path string, page int) string {
	if page > 0 {
		return fmt.Sprintf("%s p.%d", core.DisplayPath(path), page)
	}
	return core.DisplayPath(path)
}

// checkupEvents draws a check-up's progress and hands over its end.
type checkupEvents struct {
	meter  *meter
	locale core.Locale
	done   chan core.SelfTestProgress
}

func (e *checkupEvents) Emit(name string, payload any) {
	p, ok := payload.(core.SelfTestProgress)
	if !ok {
		return
	}
	if p.Finished {
		e.done <- p
		return
	}
	label := map[core.SelfTestPhase]text{core.SelfTestWriting: txtCheckupWriting, core.SelfTestSearching: txtCheckupSearching,
		core.SelfTestRechunking: txtCheckupRechunking}[p.Phase]
	a := amount{done: int64(p.Done), total: int64(p.Total), unit: inCount}
	e.meter.draw(label.in(e.locale)+"  "+a.render(e.locale), p.Done == p.Total)
}
