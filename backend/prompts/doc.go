// Package prompts turns the recipe for a strong prompt — a role, the task
// stated specifically, background, steps, examples, delimiters around the
// material, the output format and length — into system prompts, checks
// prompts against that recipe, and holds the built-in assistants.
package prompts
