package core

import "context"

// Guilds returns the guilds the bot is in, from the Discord layer's
// directory; ErrDiscordUnavailable while none runs.
func (pc *Context) Guilds(ctx context.Context) ([]GuildSummary, error) {
	d := pc.core.Directory()
	if d == nil {
		return nil, ErrDiscordUnavailable
	}
	return d.Guilds(ctx)
}

// Names returns the bot's directory of member, role and channel names
// (from its cache), for a plugin that shows people by name outside the
// dashboard (a transcript file, a staff card); nil while no Discord layer
// that knows names runs.
func (pc *Context) Names() NameDirectory {
	n, _ := pc.core.Directory().(NameDirectory)
	return n
}
