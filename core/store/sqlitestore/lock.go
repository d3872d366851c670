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
// to start on the same data rather than share it; with shared, a shared
// lock, which other shared processes may hold too and an exclusive one
// refuses.
func lockDir(dir string, shared bool) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store directory %q is not writable: %w", dir, err)
	}
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := strings.TrimSpace(string(holder))
			if pid == "" {
				pid = "unknown: processes sharing it with STORE_SHARED"
			}
			if shared {
				return nil, fmt.Errorf("store directory %q is in use by a Warden process that owns it alone (pid %s): set STORE_SHARED on every process that shares it, or give this one another DATA_DIR", dir, pid)
			}
			return nil, fmt.Errorf("store directory %q is in use by another Warden process (pid %s): stop it, give this one another DATA_DIR, or set STORE_SHARED on every process on this host that shares it (several hosts share MongoDB, not a DATA_DIR)", dir, pid)
		}
		return nil, fmt.Errorf("lock store directory %q: %w", dir, err)
	}
	if shared {
		return f, nil // many holders: no one pid to name
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

func unlockDir(f *os.File, shared bool) error {
	if !shared {
		_ = f.Truncate(0)
	}
	return f.Close() // closing releases the flock
}
