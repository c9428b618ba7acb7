package squad

import (
	"slices"
	"testing"
)

func TestEveryNthArticle(t *testing.T) {
	set := &Set{}
	for _, title := range []string{"a", "b", "c", "d", "e"} {
		set.Data = append(set.Data, Article{Title: title})
	}
	tests := []struct {
		n    int
		want []string
	}{
		{0, []string{"a", "b", "c", "d", "e"}},
		{1, []string{"a", "b", "c", "d", "e"}},
		{2, []string{"a", "c", "e"}},
		{4, []string{"a", "e"}},
		{9, []string{"a"}},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range EveryNthArticle(set, tt.n).Data {
			got = append(got, a.Title)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("EveryNthArticle(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}
