package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// GGUF value types, from the format's specification.
const (
	ggufUint32  = 4
	ggufInt32   = 5
	ggufFloat32 = 6
	ggufBool    = 7
	ggufString  = 8
	ggufArray   = 9
)

// ggmlTypeF32 marks a tensor of 32-bit floats.
const ggmlTypeF32 = 0

// alignment is GGUF's default: tensor data starts on 32-byte boundaries.
const alignment = 32

type kv struct {
	key   string
	value any // uint32, int32, float32, bool, string, []string, []float32, []int32
}

type tensor struct {
	name string
	dims []uint64 // ggml order: the fastest-varying dimension first
	data []float32
}

// writeGGUF writes a version 3 GGUF file: header, metadata, tensor
// descriptions, then the tensor data, each piece aligned.
func writeGGUF(w io.Writer, meta []kv, tensors []tensor) error {
	bw := bufio.NewWriter(w)
	cw := &countingWriter{w: bw}
	put := func(v any) {
		if cw.err == nil {
			cw.err = binary.Write(cw, binary.LittleEndian, v)
		}
	}
	putString := func(s string) {
		put(uint64(len(s)))
		if cw.err == nil {
			_, cw.err = cw.Write([]byte(s))
		}
	}

	cw.Write([]byte("GGUF"))
	put(uint32(3))
	put(uint64(len(tensors)))
	put(uint64(len(meta)))
	for _, m := range meta {
		putString(m.key)
		switch v := m.value.(type) {
		case uint32:
			put(uint32(ggufUint32))
			put(v)
		case int32:
			put(uint32(ggufInt32))
			put(v)
		case float32:
			put(uint32(ggufFloat32))
			put(v)
		case bool:
			put(uint32(ggufBool))
			put(v)
		case string:
			put(uint32(ggufString))
			putString(v)
		case []string:
			put(uint32(ggufArray))
			put(uint32(ggufString))
			put(uint64(len(v)))
			for _, s := range v {
				putString(s)
			}
		case []float32:
			put(uint32(ggufArray))
			put(uint32(ggufFloat32))
			put(uint64(len(v)))
			put(v)
		case []int32:
			put(uint32(ggufArray))
			put(uint32(ggufInt32))
			put(uint64(len(v)))
			put(v)
		default:
			return fmt.Errorf("metadata %s: unsupported type %T", m.key, m.value)
		}
	}

	var offset uint64
	for _, t := range tensors {
		putString(t.name)
		put(uint32(len(t.dims)))
		for _, d := range t.dims {
			put(d)
		}
		put(uint32(ggmlTypeF32))
		put(offset)
		offset = align(offset + uint64(4*len(t.data)))
	}
	cw.pad()
	for _, t := range tensors {
		for _, f := range t.data {
			put(math.Float32bits(f))
		}
		cw.pad()
	}
	if cw.err != nil {
		return cw.err
	}
	return bw.Flush()
}

func align(n uint64) uint64 {
	return (n + alignment - 1) / alignment * alignment
}

type countingWriter struct {
	w   io.Writer
	n   uint64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += uint64(n)
	c.err = err
	return n, err
}

// pad writes zeros up to the next alignment boundary.
func (c *countingWriter) pad() {
	if rem := c.n % alignment; rem != 0 {
		c.Write(make([]byte, alignment-rem))
	}
}
