package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"unicode/utf8"
)

// cooccurrence counts, over the tokenised corpus, how often two tokens
// stand within window tokens of each other. A word token also counts for
// each of its characters at the same place, so characters learn from the
// words they are part of (球 from 足球 and 篮球). Only tokens the corpus
// holds get a row: index maps a token id to its row.
type cooccurrence struct {
	index  map[int32]int
	ids    []int32 // row → token id
	counts [][]float64
	freq   map[int32]float64 // how often each token occurs, as a share
}

func countCooccurrence(docs [][]int32, tokens []string, tok *spmTokenizer, window int) *cooccurrence {
	c := &cooccurrence{index: map[int32]int{}, freq: map[int32]float64{}}
	row := func(id int32) int {
		r, ok := c.index[id]
		if !ok {
			r = len(c.ids)
			c.index[id] = r
			c.ids = append(c.ids, id)
		}
		return r
	}
	// What each token stands for in the counts: itself and its characters.
	items := map[int32][]int{}
	itemsOf := func(id int32) []int {
		if it, ok := items[id]; ok {
			return it
		}
		it := []int{row(id)}
		if text := tokens[id]; utf8.RuneCountInString(text) > 1 {
			for _, r := range text {
				if cid, ok := tok.ids[string(r)]; ok && r != '▁' {
					it = append(it, row(cid))
				}
			}
		}
		items[id] = it
		return it
	}
	total := 0.0
	for _, doc := range docs {
		for _, id := range doc {
			itemsOf(id)
			c.freq[id]++
			total++
		}
	}
	for id := range c.freq {
		c.freq[id] /= total
	}
	n := len(c.ids)
	c.counts = make([][]float64, n)
	for i := range c.counts {
		c.counts[i] = make([]float64, n)
	}
	for _, doc := range docs {
		for i, a := range doc {
			for j := i + 1; j < min(len(doc), i+window+1); j++ {
				for _, x := range items[a] {
					for _, y := range items[doc[j]] {
						c.counts[x][y]++
						c.counts[y][x]++
					}
				}
			}
		}
	}
	return c
}

// ppmi turns the counts into positive pointwise mutual information,
// log(p(x,y) / p(x)p(y)) where above zero, with the context distribution
// smoothed (counts to the power 0.75) as word2vec does, so rare contexts
// do not dominate. The result is a sparse symmetric matrix by rows.
func (c *cooccurrence) ppmi() []sparseRow {
	n := len(c.counts)
	rowSum := make([]float64, n)
	ctxSum := make([]float64, n)
	total, ctxTotal := 0.0, 0.0
	for i, r := range c.counts {
		for j, v := range r {
			rowSum[i] += v
			ctxSum[j] += math.Pow(v, 0.75)
		}
	}
	for i := range n {
		total += rowSum[i]
		ctxTotal += ctxSum[i]
	}
	out := make([]sparseRow, n)
	for i, r := range c.counts {
		for j, v := range r {
			if v == 0 {
				continue
			}
			pmi := math.Log((v / total) / ((rowSum[i] / total) * (ctxSum[j] / ctxTotal)))
			if pmi > 0 {
				out[i].cols = append(out[i].cols, j)
				out[i].vals = append(out[i].vals, pmi)
			}
		}
	}
	return out
}

type sparseRow struct {
	cols []int
	vals []float64
}

// mulDense returns m·x for a dense n×k matrix x stored by rows.
func mulDense(m []sparseRow, x [][]float64) [][]float64 {
	k := len(x[0])
	out := make([][]float64, len(m))
	for i, r := range m {
		o := make([]float64, k)
		for p, j := range r.cols {
			v := r.vals[p]
			for q, xv := range x[j] {
				o[q] += v * xv
			}
		}
		out[i] = o
	}
	return out
}

// topEigenvectors finds the k eigenvectors of the symmetric matrix m with
// the largest eigenvalues in magnitude, by subspace iteration from a
// seeded random start: multiply, orthonormalise, repeat, then solve the
// small projected problem exactly (Rayleigh–Ritz). For a symmetric
// matrix these are its leading singular vectors, the truncated SVD.
func topEigenvectors(m []sparseRow, k, iterations int, seed uint64) (vectors [][]float64, values []float64) {
	n := len(m)
	width := min(n, k+16) // oversampling speeds convergence of the k wanted
	rng := rand.New(rand.NewPCG(seed, 0x737664))
	q := make([][]float64, n)
	for i := range q {
		q[i] = make([]float64, width)
		for j := range q[i] {
			q[i][j] = rng.NormFloat64()
		}
	}
	orthonormalise(q)
	for range iterations {
		q = mulDense(m, q)
		orthonormalise(q)
	}
	mq := mulDense(m, q)
	t := make([][]float64, width) // qᵀ m q
	for a := range width {
		t[a] = make([]float64, width)
		for b := range width {
			for i := range n {
				t[a][b] += q[i][a] * mq[i][b]
			}
		}
	}
	eigvals, eigvecs := jacobiEigen(t)
	order := make([]int, width)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if d := math.Abs(eigvals[b]) - math.Abs(eigvals[a]); d != 0 {
			if d > 0 {
				return 1
			}
			return -1
		}
		return a - b
	})
	k = min(k, width)
	vectors = make([][]float64, n)
	for i := range n {
		vectors[i] = make([]float64, k)
		for c := range k {
			for a := range width {
				vectors[i][c] += q[i][a] * eigvecs[a][order[c]]
			}
		}
	}
	values = make([]float64, k)
	for c := range k {
		values[c] = eigvals[order[c]]
	}
	return vectors, values
}

// orthonormalise makes the columns of x orthonormal (modified
// Gram–Schmidt, twice for stability).
func orthonormalise(x [][]float64) {
	k := len(x[0])
	for range 2 {
		for c := range k {
			for p := range c {
				dot := 0.0
				for i := range x {
					dot += x[i][c] * x[i][p]
				}
				for i := range x {
					x[i][c] -= dot * x[i][p]
				}
			}
			norm := 0.0
			for i := range x {
				norm += x[i][c] * x[i][c]
			}
			norm = math.Sqrt(norm)
			if norm == 0 {
				continue
			}
			for i := range x {
				x[i][c] /= norm
			}
		}
	}
}

// jacobiEigen diagonalises a small symmetric matrix by Jacobi rotations:
// eigenvalues, and eigenvectors as the columns of vecs.
func jacobiEigen(a [][]float64) (vals []float64, vecs [][]float64) {
	n := len(a)
	m := make([][]float64, n)
	vecs = make([][]float64, n)
	for i := range n {
		m[i] = slices.Clone(a[i])
		vecs[i] = make([]float64, n)
		vecs[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += m[i][j] * m[i][j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range n {
			for r := p + 1; r < n; r++ {
				if math.Abs(m[p][r]) < 1e-300 {
					continue
				}
				theta := (m[r][r] - m[p][p]) / (2 * m[p][r])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					mkp, mkr := m[k][p], m[k][r]
					m[k][p], m[k][r] = c*mkp-s*mkr, s*mkp+c*mkr
				}
				for k := range n {
					mpk, mrk := m[p][k], m[r][k]
					m[p][k], m[r][k] = c*mpk-s*mrk, s*mpk+c*mrk
				}
				for k := range n {
					vkp, vkr := vecs[k][p], vecs[k][r]
					vecs[k][p], vecs[k][r] = c*vkp-s*vkr, s*vkp+c*vkr
				}
			}
		}
	}
	vals = make([]float64, n)
	for i := range n {
		vals[i] = m[i][i]
	}
	return vals, vecs
}
