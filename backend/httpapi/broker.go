package httpapi

import (
	"encoding/json"
	"log/slog"
	"sync"
)

// subscriberBuffer is how many events a slow browser may fall behind before
// it is disconnected. Dropping single events would leave its view silently
// wrong; a disconnect makes EventSource reconnect and the UI reload state.
const subscriberBuffer = 1024

// sseEvent is one encoded event ready for the wire.
type sseEvent struct {
	name string
	data []byte
}

// Broker fans events out to the connected SSE clients. It implements
// core.Emitter and never blocks the caller.
type Broker struct {
	mu   sync.Mutex
	subs map[chan sseEvent]struct{}
}

// NewBroker returns a broker with no subscribers.
func NewBroker() *Broker {
	return &Broker{subs: map[chan sseEvent]struct{}{}}
}

// Emit encodes payload once and queues it for every subscriber.
func (b *Broker) Emit(name string, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		slog.Error("encode event", "event", name, "err", err)
		return
	}
	ev := sseEvent{name: name, data: data}
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- ev:
		default:
			slog.Warn("event subscriber fell behind; disconnecting it", "event", name)
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// subscribe registers a new client; the channel closes when the broker drops it.
func (b *Broker) subscribe() chan sseEvent {
	ch := make(chan sseEvent, subscriberBuffer)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch
}

func (b *Broker) unsubscribe(ch chan sseEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[ch]; ok {
		delete(b.subs, ch)
		close(ch)
	}
}
