package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

func runAsk(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "ask", "ask QUESTION… [--kb NAME[,NAME…]] [--save | --chat ID] [--model NAME] [--json]")
	kbNames := fs.String("kb", "", "knowledge bases to answer from, comma-separated (default: all of them)")
	save := fs.Bool("save", false, "keep the chat in the data folder, to read in the window and continue with --chat\n"+
		"(default: nothing is written there, so ask works while the window is open)")
	chatID := fs.Int64("chat", 0, "continue this saved chat instead of starting one, keeping the new question in it")
	model := fs.String("model", "", "chat model (default: as in Settings)")
	asJSON := fs.Bool("json", false, "print the whole answer with its sources and report as JSON when done")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		fs.Usage()
		return exitError{2}
	}
	out := &answerPrinter{env: env, quiet: *asJSON, settled: make(chan core.Answer, 1)}
	keep := *save || *chatID != 0
	backend, closeBackend, err := openForAsking(ctx, *dataDir, keep, *chatID != 0, out)
	if err != nil {
		return err
	}
	defer closeBackend()

	chat, err := askChat(ctx, env, backend, *chatID, splitList(*kbNames), *model)
	if err != nil {
		return err
	}
	turn, err := backend.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: question})
	if err != nil {
		return forTheCommandLine(err)
	}
	out.follow(turn.Answers[0].ID)
	var answer core.Answer
	select {
	case answer = <-out.settled:
	case <-ctx.Done():
		// Ctrl+C stops the answer; what arrived is printed, and kept in a
		// saved chat.
		backend.Chats.Stop(context.Background(), chat.ID)
		answer = <-out.settled
	}
	if *asJSON {
		err = printJSON(env.Stdout, answer)
	} else {
		printSources(env, answer, keep)
	}
	if keep {
		fmt.Fprintln(env.Stderr, txtAskKept.in(env.Locale, chat.ID, chat.ID))
	}
	if err == nil && !*asJSON && answer.Problem != nil {
		err = forTheCommandLine(answer.Problem)
	}
	return err
}

// askChat continues a chat, or starts one over the named knowledge bases,
// or over all of them, saying which on stderr.
func askChat(ctx context.Context, env *Env, backend *service.Backend, id int64, kbNames []string, model string) (core.Chat, error) {
	if id != 0 {
		chat, err := backend.Chats.Get(ctx, id)
		if err != nil || model == "" {
			return chat, err
		}
		chat.Settings.Model = model
		return backend.Chats.Update(ctx, chat)
	}
	kbs, err := kbIDs(ctx, backend.Library, kbNames)
	if len(kbNames) == 0 {
		kbs, err = allKBs(ctx, env, backend.Library)
	}
	if err != nil {
		return core.Chat{}, err
	}
	return backend.Chats.Create(ctx, core.Chat{KBIDs: kbs, Settings: core.ChatSettings{Model: model}})
}

// answerPrinter prints an answer's text as it streams and hands over the
// settled answer.
type answerPrinter struct {
	env     *Env
	quiet   bool
	settled chan core.Answer

	mu      sync.Mutex
	id      int64
	printed int
	early   []core.ChatStream // events before follow knew the answer's id
}

func (p *answerPrinter) Emit(name string, payload any) {
	if name != core.EventChatStream {
		return
	}
	ev := payload.(core.ChatStream)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.id == 0 {
		p.early = append(p.early, ev)
		return
	}
	p.show(ev)
}

func (p *answerPrinter) follow(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.id = id
	for _, ev := range p.early {
		p.show(ev)
	}
	p.early = nil
}

func (p *answerPrinter) show(ev core.ChatStream) {
	if ev.AnswerID != p.id {
		return
	}
	if !p.quiet && len(ev.Content) > p.printed {
		fmt.Fprint(p.env.Stdout, ev.Content[p.printed:])
		p.printed = len(ev.Content)
	}
	if ev.Answer != nil {
		if !p.quiet && p.printed > 0 {
			fmt.Fprintln(p.env.Stdout)
		}
		p.settled <- *ev.Answer
	}
}

// printSources lists the answer's sources and says if it was stopped;
// kept says the chat is saved, holding what arrived.
func printSources(env *Env, a core.Answer, kept bool) {
	var cited, other []core.Source
	for _, s := range a.Sources {
		if s.Cited {
			cited = append(cited, s)
		} else {
			other = append(other, s)
		}
	}
	line := func(s core.Source) {
		where := s.Path
		if s.Page > 0 {
			where += ", " + txtPage.in(env.Locale, s.Page)
		}
		fmt.Fprintf(env.Stdout, "  [%d] %s\n", s.N, where)
	}
	if len(cited) > 0 {
		fmt.Fprintln(env.Stdout, "\n"+txtSources.in(env.Locale))
		for _, s := range cited {
			line(s)
		}
	}
	if len(other) > 0 {
		fmt.Fprintln(env.Stdout, "\n"+txtAlsoRetrieved.in(env.Locale))
		for _, s := range other {
			line(s)
		}
	}
	switch {
	case a.Status == core.AnswerStopped && kept:
		fmt.Fprintln(env.Stdout, "\n"+txtAnswerStopped.in(env.Locale))
	case a.Status == core.AnswerStopped:
		fmt.Fprintln(env.Stdout, "\n"+txtAnswerStoppedUnsaved.in(env.Locale))
	}
}

// allKBs returns every knowledge base's id and says on stderr that the
// answer draws on them all, or that there is none yet.
func allKBs(ctx context.Context, env *Env, lib *service.Library) ([]int64, error) {
	kbs, err := lib.List(ctx)
	if err != nil {
		return nil, err
	}
	if len(kbs) == 0 {
		fmt.Fprintln(env.Stderr, txtAskNoKB.in(env.Locale))
		return nil, nil
	}
	ids, names := make([]int64, len(kbs)), make([]string, len(kbs))
	for i, kb := range kbs {
		ids[i], names[i] = kb.ID, kb.Name
	}
	separator := ", "
	if env.Locale == core.LocaleChinese {
		separator = "、"
	}
	fmt.Fprintln(env.Stderr, txtAskAllKBs.in(env.Locale, len(kbs), strings.Join(names, separator)))
	return ids, nil
}

// forTheCommandLine turns a missing chat model, which the window fixes in
// its views, into the flags and commands that fix it here. Every other
// problem, such as Ollama missing or stopped, already names its fix.
func forTheCommandLine(err error) error {
	switch {
	case core.ErrNoModelsInstalled.Is(err):
		return core.ErrAskNoModelsInstalled.New(nil)
	case core.ErrNoChatModelInstalled.Is(err):
		return core.ErrAskNoChatModelInstalled.New(nil)
	case core.ErrNoChatModel.Is(err):
		return core.ErrAskNoChatModel.New(nil)
	}
	return err
}
