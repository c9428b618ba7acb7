package answer

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"unicode"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// messageOverhead is what a chat template adds around each message (role
// markers, separators) in the templates of common local models.
const messageOverhead = 6

// Count is an estimate of a text's tokens, split by script: vocabularies
// differ most on Han text, so each part is scaled on its own.
type Count struct {
	Han   int `json:"han"`
	Other int `json:"other"`
}

// Plus adds two counts.
func (c Count) Plus(d Count) Count { return Count{c.Han + d.Han, c.Other + d.Other} }

// Estimate counts text's tokens without the model's tokenizer, which
// Ollama does not expose: a Han, kana or Hangul character as one token, a
// run of Latin letters or digits as one per three characters (English
// averages about four), punctuation and symbols as one each.
func Estimate(text string) Count {
	var c Count
	run := 0
	flush := func() {
		c.Other += (run + 2) / 3
		run = 0
	}
	for _, r := range text {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			run++
			continue
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			c.Han++
		case r == '\n':
			c.Other++
		case unicode.IsSpace(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Other alphabets (Cyrillic, Greek, accented Latin) split
			// finer than English in most vocabularies.
			run += 2
			continue
		default:
			c.Other++
		}
		flush()
	}
	flush()
	return c
}

// EstimateTokens is Estimate's total.
func EstimateTokens(text string) int {
	c := Estimate(text)
	return c.Han + c.Other
}

// Scale is how many real tokens a model uses per estimated one, for Han
// text and for the rest; zero means one.
type Scale struct {
	Han   float64 `json:"han"`
	Other float64 `json:"other"`
}

// unit is the scale of a model nothing is known of yet.
var unit = Scale{1, 1}

func orOne(f float64) float64 {
	if f <= 0 {
		return 1
	}
	return f
}

// Apply scales an estimate, rounding up.
func (s Scale) Apply(c Count) int {
	return int(math.Ceil(float64(c.Han)*orOne(s.Han) + float64(c.Other)*orOne(s.Other)))
}

// Learn returns the scale after Ollama reported reported tokens for a
// prompt estimated at estimated. It only ever rises: with its prompt cache
// Ollama counts just the tokens it had to evaluate, so a lower count says
// nothing about the tokenizer. A small margin keeps the next prompt on
// the safe side.
func (s Scale) Learn(estimated Count, reported int) Scale {
	applied := s.Apply(estimated)
	if applied <= 0 || reported <= applied {
		return s
	}
	factor := float64(reported) / float64(applied) * 1.05
	return Scale{orOne(s.Han) * factor, orOne(s.Other) * factor}
}

// minScale bounds calibration from below: vocabularies good at a script
// may pack a prompt fuller, but never past this.
const minScale = 0.6

// calibrate makes a scale from two measured prompts, one of Han text and
// one of English, with Ollama's counts for each; template tokens around
// the message are taken off first.
func calibrate(hanText string, hanReported int, otherText string, otherReported int) Scale {
	ratio := func(estimated, reported int) float64 {
		if estimated <= 0 || reported <= 0 {
			return 1
		}
		r := float64(max(reported-2*messageOverhead, 1)) / float64(estimated) * 1.1
		return max(r, minScale)
	}
	return Scale{Han: ratio(Estimate(hanText).Han, hanReported), Other: ratio(Estimate(otherText).Other, otherReported)}
}

// CalibrationTexts are the prompts calibrate measures: ordinary prose,
// long enough that template tokens matter little.
const (
	calibrationHan     = "知识库把您自己的文件变成可以搜索和对话的知识。它在本机上为每个文件建立索引，回答问题时引用确切的文件和页码，并在文件变化时保持同步。离线使用，数据不会离开这台电脑。"
	calibrationEnglish = "A knowledge base turns your own files into knowledge you can search and chat with. It indexes every file on this computer, cites the exact file and page in each answer, and stays in sync as files change, fully offline."
)

const tokenScaleKey = "token_scale:"

// tokenScale is how much to scale token estimates for a model. The first
// time a model is used it is measured: one short Chinese and one short
// English prompt, each answered with a single token, whose counts Ollama
// reports. The result is kept, and raised whenever Ollama counts more
// than estimated.
func (w *Writer) tokenScale(ctx context.Context, model string) (Scale, error) {
	value, _ := w.deps.Meta(ctx, tokenScaleKey+model)
	var scale Scale
	if value != "" && json.Unmarshal([]byte(value), &scale) == nil && scale.Han > 0 && scale.Other > 0 {
		return scale, nil
	}
	measure := func(text string) (int, error) {
		reported := 0
		err := w.deps.Chat(ctx, llm.ChatRequest{
			Model: model, Messages: []core.ChatMessage{{Role: core.RoleUser, Content: text}},
			Options: llm.Options{NumPredict: 1},
		}, func(ch llm.Chunk) error {
			if ch.Done {
				reported = ch.PromptTokens
			}
			return nil
		})
		return reported, err
	}
	han, err := measure(calibrationHan)
	if err != nil {
		return unit, err
	}
	other, err := measure(calibrationEnglish)
	if err != nil {
		return unit, err
	}
	scale = calibrate(calibrationHan, han, calibrationEnglish, other)
	w.saveTokenScale(model, scale)
	return scale, nil
}

func (w *Writer) saveTokenScale(model string, scale Scale) {
	b, _ := json.Marshal(scale)
	if err := w.deps.SetMeta(context.Background(), tokenScaleKey+model, string(b)); err != nil {
		slog.Warn("keep token scale", "model", model, "err", err)
	}
}

func (w *Writer) learnTokenScale(model string, current Scale, estimated Count, reported int) {
	if next := current.Learn(estimated, reported); next != current {
		w.saveTokenScale(model, next)
	}
}
