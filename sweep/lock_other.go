//go:build !unix

package sweep

import (
	"errors"
	"os"
)

// tryLock creates path exclusively. Unlike the flock version a killed
// process leaves the lock file behind; delete DIR/jobs/*.lock by hand after
// making sure no sweep is running.
func tryLock(path string) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, false, nil
		}
		return nil, false, err
	}
	f.Close()
	return func() { os.Remove(path) }, true, nil
}
