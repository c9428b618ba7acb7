package library

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Embedder turns texts into vectors, one per text, in order; Ollama's
// batched /api/embed behind it in the app, anything in tests.
type Embedder func(ctx context.Context, texts []string) ([][]float32, error)

// Embedding names the model a knowledge base's vectors come from and the
// function that computes them.
type Embedding struct {
	Model string
	Embed Embedder
}

// EmbedBatch is how many chunk texts go to the embedder in one request:
// large enough that Ollama's per-request cost vanishes, small enough that
// cancelling is quick and one failed batch costs little.
const EmbedBatch = 32

// embedWorker computes vectors for a knowledge base's chunks while the
// sync goes on parsing: each committed file wakes it, and it embeds every
// chunk text that has no vector for the model yet. If embedding fails
// (Ollama down, model missing), it stops and says why; the text side of the
// index is complete regardless, and the next sync fills in the vectors.
type embedWorker struct {
	st   *store.Store
	kbID int64
	emb  Embedding

	wake     chan struct{}
	finished chan struct{}
	done     sync.WaitGroup

	embedded atomic.Int64
	problem  atomic.Pointer[core.Problem]
}

func startEmbedWorker(ctx context.Context, st *store.Store, kbID int64, emb Embedding) *embedWorker {
	w := &embedWorker{st: st, kbID: kbID, emb: emb, wake: make(chan struct{}, 1), finished: make(chan struct{})}
	w.done.Go(func() { w.run(ctx) })
	return w
}

// poke tells the worker new chunks may be waiting; it never blocks.
func (w *embedWorker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// finish lets the worker embed what is left, and waits for it.
func (w *embedWorker) finish() {
	close(w.finished)
	w.done.Wait()
}

func (w *embedWorker) run(ctx context.Context) {
	for {
		if !w.drain(ctx) {
			return
		}
		select {
		case <-w.wake:
		case <-w.finished:
			w.drain(ctx)
			return
		case <-ctx.Done():
			return
		}
	}
}

// drain embeds pending chunk texts until none are left; false means it had
// to stop (a failure or cancellation).
func (w *embedWorker) drain(ctx context.Context) bool {
	for {
		pending, err := w.st.PendingEmbeddings(ctx, w.kbID, w.emb.Model, EmbedBatch)
		if err != nil {
			w.fail(err)
			return false
		}
		if len(pending) == 0 {
			if err := w.st.SetVectorModel(ctx, w.kbID, w.emb.Model); err != nil {
				w.fail(err)
				return false
			}
			return true
		}
		texts := make([]string, len(pending))
		hashes := make([]string, len(pending))
		for i, p := range pending {
			texts[i], hashes[i] = p.Text, p.Hash
		}
		vectors, err := w.emb.Embed(ctx, texts)
		if err == nil {
			err = w.st.PutEmbeddings(ctx, w.emb.Model, hashes, vectors)
		}
		if err != nil {
			w.fail(err)
			return false
		}
		w.embedded.Add(int64(len(pending)))
	}
}

func (w *embedWorker) fail(err error) {
	if !errors.Is(err, context.Canceled) {
		w.problem.Store(core.AsProblem(err))
	}
}
