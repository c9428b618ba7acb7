package service

import "github.com/zhiku-app/zhiku/backend/datasets"

// LengthBucket counts the answers of a data set's check (Datasets.Check)
// longer than Min characters and at most Max; the last has no Max.
type LengthBucket = datasets.LengthBucket

// DatasetFormat is a JSONL format a data set is written in or read from
// (ExportRequest.Format); DefaultDatasetFormat is the chat-messages one
// most trainers read.
type DatasetFormat = datasets.Format

const DefaultDatasetFormat = datasets.FormatMessages
