// Package selftest is the retrieval check-up (检索体检): it measures search
// on a person's own knowledge base. A local chat model writes a question
// about each of a spread of the knowledge base's chunks; the questions a
// lexical check finds grounded in their chunk are searched with each
// retrieval setting worth comparing, and the setting that ranks their
// chunks highest is recommended.
package selftest
