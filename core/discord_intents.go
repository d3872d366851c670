package core

// Intents are Discord's gateway intent bits, with Discord's values. Warden
// names its own so that plugins declare what they need without importing
// a Discord library.
type Intents uint64

// The gateway intents, as Discord numbers them.
const (
	IntentGuilds                 Intents = 1 << 0
	IntentGuildMembers           Intents = 1 << 1 // privileged: Server Members
	IntentGuildModeration        Intents = 1 << 2
	IntentGuildExpressions       Intents = 1 << 3
	IntentGuildIntegrations      Intents = 1 << 4
	IntentGuildWebhooks          Intents = 1 << 5
	IntentGuildInvites           Intents = 1 << 6
	IntentGuildVoiceStates       Intents = 1 << 7
	IntentGuildPresences         Intents = 1 << 8 // privileged: Presence
	IntentGuildMessages          Intents = 1 << 9
	IntentGuildMessageReactions  Intents = 1 << 10
	IntentGuildMessageTyping     Intents = 1 << 11
	IntentDirectMessages         Intents = 1 << 12
	IntentDirectMessageReactions Intents = 1 << 13
	IntentDirectMessageTyping    Intents = 1 << 14
	IntentMessageContent         Intents = 1 << 15 // privileged: Message Content
	IntentGuildScheduledEvents   Intents = 1 << 16
)

// Has reports whether every bit of want is set.
func (i Intents) Has(want Intents) bool { return i&want == want }
