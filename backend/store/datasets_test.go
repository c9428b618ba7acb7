package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Dataset reads the one row the list holds for its id, record count
// included, and a missing id is a data set not found.
func TestDatasetMatchesTheList(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	empty, _ := st.CreateDataset(ctx, "empty")
	full, _ := st.CreateDataset(ctx, "faq")
	if _, err := st.AddRecords(ctx, full.ID, []core.Record{{Kind: core.RecordQA, Prompt: "q1", Answer: "a1"}, {Kind: core.RecordQA, Prompt: "q2", Answer: "a2"}}); err != nil {
		t.Fatal(err)
	}
	list, err := st.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		id      int64
		missing bool
	}{
		{"a data set with records", full.ID, false},
		{"an empty data set", empty.ID, false},
		{"an id no data set has", full.ID + 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.Dataset(ctx, tt.id)
			if tt.missing {
				if !core.ErrDatasetNotFound.Is(err) {
					t.Fatalf("Dataset(%d) = %v, want not found", tt.id, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(list, func(d core.Dataset) bool { return d.ID == tt.id })
			if i < 0 {
				t.Fatalf("the list lacks data set %d", tt.id)
			}
			if !reflect.DeepEqual(got, list[i]) {
				t.Errorf("Dataset(%d) = %+v, want %+v as the list has it", tt.id, got, list[i])
			}
		})
	}
}
