package library

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Embedding names the model a knowledge base's vectors come from and the
// function that computes them.
type Embedding struct {
	Model string
	Embed core.EmbedFunc
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
		if !w.drain(ctx, false) {
			return
		}
		select {
		case <-w.wake:
		case <-w.finished:
			w.drain(ctx, true)
			return
		case <-ctx.Done():
			return
		}
	}
}

// drain embeds pending chunk texts until none are left; false means it had
// to stop (a failure or cancellation). Only the final drain, once every
// file is parsed, can find the knowledge base complete and switch its
// queries to the model: earlier, "nothing pending" may just mean nothing
// parsed yet.
func (w *embedWorker) drain(ctx context.Context, final bool) bool {
	for {
		pending, err := w.st.PendingEmbeddings(ctx, w.kbID, w.emb.Model, EmbedBatch)
		if err != nil {
			w.fail(err)
			return false
		}
		if len(pending) == 0 {
			if !final {
				return true
			}
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
		vectors, err := w.embedWithRetry(ctx, texts)
		if err == nil {
			err = w.checkDims(ctx, vectors)
		}
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

// embedRetries and embedBackoff: a batch that fails on something passing
// (Ollama busy, restarting, a dropped connection) is tried again after a
// doubling wait; embedding is idempotent, so retrying is safe.
var (
	embedRetries = 3
	embedBackoff = time.Second
)

func (w *embedWorker) embedWithRetry(ctx context.Context, texts []string) ([][]float32, error) {
	wait := embedBackoff
	for attempt := 1; ; attempt++ {
		vectors, err := w.emb.Embed(ctx, w.emb.Model, texts)
		if err == nil || attempt > embedRetries || !passing(err) {
			return vectors, err
		}
		select {
		case <-time.After(wait):
			wait *= 2
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// passing reports failures that may pass by themselves.
func passing(err error) bool {
	return core.ErrOllamaServer.Is(err) || core.ErrOllamaTimeout.Is(err) || core.ErrOllamaUnreachable.Is(err) || core.ErrStreamCut.Is(err)
}

// checkDims refuses vectors whose length differs within the batch or from
// the model's stored ones.
func (w *embedWorker) checkDims(ctx context.Context, vectors [][]float32) error {
	want, err := w.st.EmbeddingDim(ctx, w.emb.Model)
	if err != nil {
		return err
	}
	for _, v := range vectors {
		if want == 0 {
			want = len(v)
		}
		if len(v) != want || len(v) == 0 {
			return core.ErrEmbeddingDimension.New(nil, "model", w.emb.Model, "got", strconv.Itoa(len(v)), "want", strconv.Itoa(want))
		}
	}
	return nil
}

func (w *embedWorker) fail(err error) {
	if !errors.Is(err, context.Canceled) {
		w.problem.Store(core.AsProblem(err))
	}
}
