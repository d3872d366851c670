package core

import "time"

// Test hooks into unexported parts.
var UnregisterPlugin = unregisterPlugin

// SetBusWindow shortens the stats coalescing window for tests.
func SetBusWindow(b *Bus, d time.Duration) { b.window = d }

// SetAccessClock sets the clock of a DirectoryAccess's cache.
func SetAccessClock(d *DirectoryAccess, now func() time.Time) { d.cache.now = now }
