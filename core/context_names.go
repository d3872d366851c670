package core

// Names returns the bot's directory of member, role and channel names
// (from its cache), for a plugin that shows people by name outside the
// dashboard (a transcript file). ok is false while no Discord component
// runs.
func (pc *Context) Names() (nd NameDirectory, ok bool) {
	nd, ok = pc.core.Directory().(NameDirectory)
	return nd, ok
}
