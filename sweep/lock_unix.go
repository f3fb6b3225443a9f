//go:build unix

package sweep

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock(2) on path without waiting. The kernel
// releases it when the process dies, so a killed run leaves no stale lock;
// on Linux NFS clients flock is carried by the server's byte-range locks, so
// it also holds between SLURM tasks on different nodes.
func tryLock(path string) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("cannot lock %s (flock: %w): the sweep directory must be on a filesystem with file locks "+
			"(on a cluster, your home or project space; a Lustre or NFS mount without locking cannot keep two tasks from running the same job)", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true, nil
}
