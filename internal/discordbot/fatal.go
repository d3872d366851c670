package discordbot

import (
	"github.com/warden-bot/warden/core"

	"fmt"
	"sort"
	"strings"

	"github.com/disgoorg/disgo/gateway"
)

// privilegedIntents names the intents a bot must enable in the developer
// portal, as the portal names them.
var privilegedIntents = []struct {
	intent gateway.Intents
	portal string
}{
	{gateway.IntentGuildMembers, "Server Members Intent"},
	{gateway.IntentGuildPresences, "Presence Intent"},
	{gateway.IntentMessageContent, "Message Content Intent"},
}

// gatewayClosedError explains a fatal close code.
func (d *Discord) gatewayClosedError(shard, code int, reason string) *core.GatewayClosedError {
	e := &core.GatewayClosedError{Shard: shard, Code: code, Reason: reason}
	if e.Reason == "" {
		e.Reason = gateway.CloseEventCodeByCode(code).Description
	}
	switch code {
	case gateway.CloseEventCodeAuthenticationFailed.Code:
		e.Cause = "Discord rejected the bot token"
		e.Fix = "set DISCORD_TOKEN to the bot token from the Discord developer portal (your application → Bot → Reset Token), without a \"Bot \" prefix"
	case gateway.CloseEventCodeInvalidShard.Code:
		e.Cause = "the shard id is not valid for the shard count"
		e.Fix = "check DISCORD_SHARDS and DISCORD_SHARD_COUNT: every shard id must be below the count"
	case gateway.CloseEventCodeShardingRequired.Code:
		e.Cause = "the bot is in too many guilds for its shard count"
		e.Fix = "set DISCORD_SHARDS=auto, or more shards with DISCORD_SHARD_COUNT"
	case gateway.CloseEventCodeInvalidAPIVersion.Code:
		e.Cause = "the server does not speak gateway v10"
		e.Fix = "check that DISCORD_GATEWAY_URL points at Discord (unset it to use Discord's), or upgrade Warden"
	case gateway.CloseEventCodeInvalidIntent.Code:
		e.Cause = fmt.Sprintf("Discord does not know an intent Warden asked for (intents %d)", uint64(d.intents))
		e.Fix = "a plugin's Intents() declares an invalid bit; report it with this intents value"
	case gateway.CloseEventCodeDisallowedIntent.Code:
		var names, owners []string
		for _, p := range privilegedIntents {
			if d.intents.Has(p.intent) {
				names = append(names, p.portal)
				owners = append(owners, d.intentOwners[p.intent]...)
			}
		}
		sort.Strings(owners)
		e.Cause = fmt.Sprintf("Discord refused a privileged intent: Warden asks for %s (needed by %s)", strings.Join(names, ", "), strings.Join(compactStrings(owners), ", "))
		e.Fix = "enable them in the Discord developer portal (your application → Bot → Privileged Gateway Intents), or disable the plugins that need them"
	default:
		c := gateway.CloseEventCodeByCode(code)
		e.Cause, e.Fix = c.Explanation, "see Discord's gateway close codes"
	}
	return e
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// gatewayFailed is the gateways' onFatal: it logs the cause at ERROR and
// fails the component, which stops the app (Failer) and keeps /readyz
// false.
func (d *Discord) gatewayFailed(shard, code int, reason string) {
	err := d.gatewayClosedError(shard, code, reason)
	d.log.Error("Discord closed the gateway for good: "+err.Cause+"; "+err.Fix,
		"shard", shard, "code", code, "reason", err.Reason)
	d.fail(err)
}

// fail records the first fatal error and closes Failed.
func (d *Discord) fail(err error) {
	d.failMu.Lock()
	defer d.failMu.Unlock()
	if d.failErr != nil {
		return
	}
	d.failErr = err
	close(d.failed)
}

// Failed implements Failer: it is closed when Discord has stopped a shard
// for good.
func (d *Discord) Failed() <-chan struct{} { return d.failed }

// Err implements Failer.
func (d *Discord) Err() error {
	d.failMu.Lock()
	defer d.failMu.Unlock()
	return d.failErr
}

var _ core.Failer = (*Discord)(nil)
