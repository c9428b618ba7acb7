package service

import (
	"context"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// DataDirEnv names the environment variable that chooses the data folder.
const DataDirEnv = store.DataDirEnv

// DefaultDataDir is the data folder when none is named: $ZHIKU_DATA_DIR
// when set, else the zhiku folder in the OS's configuration folder.
func DefaultDataDir() (string, error) { return store.DefaultDataDir() }

// HolderFor is what the data folder's lock file says while this process
// runs command (serve, index, doctor…), for Options.Holder.
func HolderFor(command string) store.Holder { return store.NewHolder(command, "") }

// DescribeHolder says which process holds the data folder dir, as its lock
// file records it, for a message that the folder is taken.
func DescribeHolder(dir string) string { return store.CurrentHolder(dir).String() }

// AnnounceURL records in the lock file that this process, zhiku serve,
// serves at url, so that a second start refused the folder can say where
// to find it.
func (b *Backend) AnnounceURL(url string) error {
	if b.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return b.store.UpdateHolder(store.NewHolder("serve", url))
}

// Recovery is what RecoverDataFolder did: whether the database needed it,
// where the damaged one was kept and what each table kept and lost.
type Recovery = store.Recovery

// RecoverDataFolder saves what a damaged database in the data folder dir
// still holds into a new one, keeping the damaged one aside; a sound
// database is left alone. It is refused while another Zhiku uses the
// folder, which it holds meanwhile as holder says.
func RecoverDataFolder(ctx context.Context, dir string, holder store.Holder) (Recovery, error) {
	return store.Recover(ctx, dir, holder)
}
