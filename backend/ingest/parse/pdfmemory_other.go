//go:build !unix

package parse

import "github.com/tetratelabs/wazero/experimental"

func newLinearMemory(limit uint64, owner *pdfMemory) experimental.LinearMemory {
	return newHeapMemory(limit, owner)
}
