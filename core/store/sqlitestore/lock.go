package sqlitestore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockName is the lock file beside the database. Its lock, not its
// presence, is what counts: a file left by a killed process locks nothing.
const lockName = "LOCK"

// lockDir takes an exclusive lock on dir so that a second process refuses
// to start on the same data rather than share it.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store directory %q is not writable: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := strings.TrimSpace(string(holder))
			if pid == "" {
				pid = "unknown"
			}
			return nil, fmt.Errorf("store directory %q is in use by another Warden process (pid %s): stop it, or give this one another DATA_DIR (several instances share MongoDB, not a DATA_DIR)", dir, pid)
		}
		return nil, fmt.Errorf("lock store directory %q: %w", dir, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

func unlockDir(f *os.File) error {
	_ = f.Truncate(0)
	return f.Close() // closing releases the flock
}
