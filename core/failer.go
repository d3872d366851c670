package core

// Failer is an optional Component capability: a component that can fail
// for good after it started, such as the Discord client once Discord says
// its token is wrong. The app stops when Failed is closed and exits with
// Err, so that a process supervisor sees the failure instead of a process
// that runs on, disconnected.
type Failer interface {
	// Failed is closed once the component has failed.
	Failed() <-chan struct{}
	// Err says why; nil until Failed is closed.
	Err() error
}
