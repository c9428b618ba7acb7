package parse

import (
	"sync"

	"github.com/tetratelabs/wazero/experimental"
)

// heapMemory backs an instance's linear memory with Go's heap where no
// anonymous mapping can be had: growth copies, and the memory returns to
// the system when Go's collector releases it.
type heapMemory struct {
	mu    sync.Mutex // orders a grow in a killed instance against Free
	buf   []byte
	limit uint64
	owner *pdfMemory
}

func newHeapMemory(limit uint64, owner *pdfMemory) experimental.LinearMemory {
	return &heapMemory{limit: limit, owner: owner}
}

func (m *heapMemory) Reallocate(size uint64) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if size > m.limit {
		m.owner.refused.Add(1)
		return nil
	}
	if size > uint64(len(m.buf)) {
		if size > uint64(cap(m.buf)) {
			grown := make([]byte, size, min(max(size, 2*uint64(cap(m.buf))), m.limit))
			copy(grown, m.buf)
			m.owner.grown.Add(int64(size) - int64(len(m.buf)))
			m.buf = grown
		} else {
			m.owner.grown.Add(int64(size) - int64(len(m.buf)))
			m.buf = m.buf[:size]
		}
	}
	return m.buf[:size]
}

func (m *heapMemory) Free() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.owner.grown.Add(-int64(len(m.buf)))
	m.buf = nil
}
