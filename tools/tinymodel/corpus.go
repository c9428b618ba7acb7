package main

import (
	"math/rand/v2"
	"strings"
)

// Sentence frames the corpus fills with a topic's words. Their own words
// (是, 的, and, of…) come up in every topic, so co-occurrence statistics
// learn that they say little, and weigh them down.
var (
	chineseFrames = []string{
		"{0}与{1}关系密切。",
		"{0}是{1}中常见的{2}。",
		"在{0}方面，{1}和{2}都很重要。",
		"人们谈到{0}时，常常提到{1}。",
		"{0}的{1}影响了{2}。",
		"这是一篇关于{0}和{1}的介绍。",
		"他在{0}中负责{1}，后来又研究{2}。",
		"该{0}以{1}著称。",
		"{0}包括{1}、{2}等。",
		"据报道，{0}的{1}有所变化。",
		"{0}（{3}）是{1}的一部分。",
		"书中介绍了{0}、{1}和{2}的关系。",
	}
	englishFrames = []string{
		"the {3} and the {4} are part of {5}.",
		"{3} is closely related to {4}.",
		"people who write about {3} often mention {4} and {5}.",
		"a {3} of {4} in the {5}.",
	}
)

// corpusDocuments generates the training text: for every topic, documents
// of sentences whose slots hold that topic's words, Chinese and English,
// with now and then a word from another topic so topics are not wholly
// apart. The generator's seed is fixed, so the text is the same each run.
func corpusDocuments(docsPerTopic, sentencesPerDoc int) []string {
	rng := rand.New(rand.NewPCG(19, 0x636f72707573))
	words := make([][2][]string, len(topics))
	for i, t := range topics {
		words[i] = [2][]string{strings.Fields(t.chinese), strings.Fields(t.english)}
	}
	pick := func(topicIndex, lang int) string {
		if rng.IntN(10) == 0 {
			topicIndex = rng.IntN(len(topics))
		}
		list := words[topicIndex][lang]
		return list[rng.IntN(len(list))]
	}
	var docs []string
	for ti := range topics {
		for range docsPerTopic {
			var doc strings.Builder
			for range sentencesPerDoc {
				frame := chineseFrames[rng.IntN(len(chineseFrames))]
				if rng.IntN(5) == 0 {
					frame = " " + englishFrames[rng.IntN(len(englishFrames))] + " "
				}
				args := []string{pick(ti, 0), pick(ti, 0), pick(ti, 0), pick(ti, 1), pick(ti, 1), pick(ti, 1)}
				for i, a := range args {
					frame = strings.ReplaceAll(frame, "{"+string(rune('0'+i))+"}", a)
				}
				doc.WriteString(frame)
			}
			docs = append(docs, strings.TrimSpace(doc.String()))
		}
	}
	return docs
}
