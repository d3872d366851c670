package core

import "time"

// SetBusWindow shortens the stats coalescing window for tests.
func SetBusWindow(b *Bus, d time.Duration) { b.window = d }

// SetAccessClock sets the clock of a DirectoryAccess's cache.
func SetAccessClock(d *DirectoryAccess, now func() time.Time) { d.cache.now = now }

// FlushBus ends every stats coalescing window now, sending each room's
// latest held event as its timer would, before it returns.
func FlushBus(b *Bus) {
	b.mu.Lock()
	var keys []coalesceKey
	for k, st := range b.pending {
		if st.timer != nil {
			st.timer.Stop()
			keys = append(keys, k)
		}
	}
	b.mu.Unlock()
	for _, k := range keys {
		b.flush(k)
	}
}

// ValidateGrantRequest checks a grant request as POST .../dashboard/grants
// does.
func ValidateGrantRequest(req GrantRequest) error { return req.validate() }
