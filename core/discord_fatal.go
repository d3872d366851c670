package core

import "fmt"

// GatewayClosedError is Discord closing a shard's gateway with a code that
// forbids reconnecting (4004, 4010, 4011, 4012, 4013, 4014). It says what
// went wrong and what the operator should do.
type GatewayClosedError struct {
	Shard  int
	Code   int
	Reason string // Discord's close reason
	Cause  string // what it means for Warden
	Fix    string // what to do
}

func (e *GatewayClosedError) Error() string {
	return fmt.Sprintf("discord: shard %d closed by Discord with %d (%s): %s; %s", e.Shard, e.Code, e.Reason, e.Cause, e.Fix)
}

// Unwrap makes errors.Is(err, ErrDiscordGatewayClosed) work.
func (e *GatewayClosedError) Unwrap() error { return ErrDiscordGatewayClosed }
