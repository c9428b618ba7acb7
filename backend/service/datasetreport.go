package service

import "github.com/zhiku-app/zhiku/backend/datasets"

// LengthBucket counts the answers of a data set's check (Datasets.Check)
// longer than Min characters and at most Max; the last has no Max.
type LengthBucket = datasets.LengthBucket
