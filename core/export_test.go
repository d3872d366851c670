package core

import "time"

// SetBusWindow shortens the stats coalescing window for tests.
func SetBusWindow(b *Bus, d time.Duration) { b.window = d }

// SetAccessClock sets the clock of a DirectoryAccess's cache.
func SetAccessClock(d *DirectoryAccess, now func() time.Time) { d.cache.now = now }
