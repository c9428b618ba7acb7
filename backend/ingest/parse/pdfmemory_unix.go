//go:build unix

package parse

import (
	"sync"
	"time"

	"github.com/tetratelabs/wazero/experimental"
	"golang.org/x/sys/unix"
)

// mappedMemory backs one instance's linear memory with an anonymous
// mapping reserved at its limit: growing never copies (a copying grow
// holds the old and new buffers at once), pages cost memory only once
// touched, and closing the instance unmaps them, so the memory goes back
// to the system at once instead of waiting in Go's heap.
type mappedMemory struct {
	// mu orders a grow still in flight in a killed instance against the
	// kill's Free.
	mu      sync.Mutex
	mapping []byte
	size    uint64
	owner   *pdfMemory
}

func newLinearMemory(limit uint64, owner *pdfMemory) experimental.LinearMemory {
	mapping, err := unix.Mmap(-1, 0, int(limit), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return newHeapMemory(limit, owner)
	}
	return &mappedMemory{mapping: mapping, owner: owner}
}

func (m *mappedMemory) Reallocate(size uint64) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mapping == nil {
		return nil // freed: the instance is gone
	}
	if size > uint64(len(m.mapping)) {
		m.owner.refused.Add(1)
		return nil
	}
	if size > m.size {
		m.owner.grown.Add(int64(size - m.size))
		m.size = size
	}
	return m.mapping[:size:size]
}

// Free hands the pages back to the system at once. The mapping itself
// stays a while longer: a killed instance's call in flight may still touch
// it until wazero notices the kill, and a touch of unmapped memory would
// crash the process, where a touch of released pages only reads zeros.
func (m *mappedMemory) Free() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mapping == nil {
		return
	}
	m.owner.grown.Add(-int64(m.size))
	unix.Madvise(m.mapping, unix.MADV_DONTNEED)
	mapping := m.mapping
	time.AfterFunc(unmapGrace, func() { unix.Munmap(mapping) })
	m.mapping, m.size = nil, 0
}

// unmapGrace is far longer than a killed call takes to return: wazero
// checks for the kill at every function call and loop.
const unmapGrace = time.Minute
