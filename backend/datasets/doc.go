// Package datasets holds fine-tuning data in the shapes each stage of
// training wants — multi-turn conversations and question–answer pairs for
// SFT, ranked responses for reward models and DPO, prompts alone for
// reinforcement learning — and writes and reads the file formats the
// training tools take, with a deterministic train/validation split and
// quality reports.
package datasets
