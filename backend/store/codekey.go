package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// codeKeyMeta names the secret that signs the PDF engine's compiled code.
// It lives in the database, which no page can read or write, rather than
// in a file beside the code.
const codeKeyMeta = "pdf_code_key"

// CodeKey returns the data folder's key that signs the code Zhiku
// compiles and keeps outside it (the PDF engine's), made on first use.
func (s *Store) CodeKey(ctx context.Context) ([]byte, error) {
	stored, err := s.Meta(ctx, codeKeyMeta)
	if err != nil {
		return nil, fmt.Errorf("read the code key: %w", err)
	}
	if key, err := hex.DecodeString(stored); err == nil && len(key) == 32 {
		return key, nil
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := s.SetMeta(ctx, codeKeyMeta, hex.EncodeToString(key)); err != nil {
		return nil, fmt.Errorf("keep the code key: %w", err)
	}
	return key, nil
}
