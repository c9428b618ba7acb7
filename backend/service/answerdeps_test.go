package service

import (
	"context"
	"testing"

	"github.com/zhiku-app/zhiku/backend/store"
)

// What is learned of a model's tokenizer is saved with the chats and read
// from there, or else from the data folder: a question asked beside the
// window, with chats of its own, uses the scale the window measured, and
// a scale it learns never reaches the folder it only reads.
func TestTokenScaleIsReadFromTheChatsThenTheDataFolder(t *testing.T) {
	ctx := context.Background()
	openStore := func() *store.Store {
		st, err := store.Open(ctx, t.TempDir(), store.NewHolder("test", ""))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	dataFolder, chats := openStore(), openStore()
	if err := dataFolder.SetMeta(ctx, "scale", "measured by the window"); err != nil {
		t.Fatal(err)
	}
	deps := answerDeps(chats, dataFolder, nil, nil, nil, nil)

	if got, err := deps.Meta(ctx, "scale"); err != nil || got != "measured by the window" {
		t.Errorf("with no scale of its own, Meta = %q, %v; want the data folder's", got, err)
	}
	if err := deps.SetMeta(ctx, "scale", "learned here"); err != nil {
		t.Fatal(err)
	}
	if got, _ := deps.Meta(ctx, "scale"); got != "learned here" {
		t.Errorf("after learning, Meta = %q, want what was learned", got)
	}
	if got, _ := dataFolder.Meta(ctx, "scale"); got != "measured by the window" {
		t.Errorf("the data folder's scale became %q; it is only read", got)
	}

	together := answerDeps(dataFolder, dataFolder, nil, nil, nil, nil)
	if got, _ := together.Meta(ctx, "missing"); got != "" {
		t.Errorf("a key no store has = %q, want none", got)
	}
}
