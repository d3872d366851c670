package discordsim

import "strconv"

// Snowflake ids are ((ms since 2015-01-01) << 22) | low bits. The simulator
// derives every fixed id from a kind and an index so that the same world
// has the same ids on every run and every instance.
const (
	baseMillis = 283_996_800_000 // 2024-01-01T00:00:00Z in Discord's epoch.

	kindGuild       = 1
	kindChannel     = 2
	kindRole        = 3
	kindUser        = 4
	kindApplication = 5
	kindMessage     = 6
	kindInteraction = 7
	kindCommand     = 8
)

// ID is a Discord snowflake.
type ID uint64

// String returns the decimal form Discord uses in JSON.
func (id ID) String() string { return strconv.FormatUint(uint64(id), 10) }

// MarshalJSON encodes the id as a string, as Discord does.
func (id ID) MarshalJSON() ([]byte, error) { return []byte(`"` + id.String() + `"`), nil }

// UnmarshalJSON accepts a string or a number.
func (id *ID) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	if s == "" || s == "null" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	*id = ID(n)
	return err
}

// ParseID parses a decimal snowflake; it returns 0 for anything else.
func ParseID(s string) ID {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0
	}
	return ID(n)
}

// makeID returns the fixed id of the n-th object of a kind. Objects of one
// kind are a millisecond apart, kinds a thousand seconds apart.
func makeID(kind, n int) ID {
	ms := uint64(baseMillis) + uint64(kind)*1_000_000 + uint64(n)
	return ID(ms<<22 | uint64(kind)<<12 | uint64(n&0xfff))
}

// GuildID returns the id of the i-th demo guild (from 1).
func GuildID(i int) ID { return makeID(kindGuild, i) }

// UserID returns the id of the i-th demo user (from 1). User 1 is the
// admin who owns every demo guild.
func UserID(i int) ID { return makeID(kindUser, i) }

// ApplicationID is the bot's application id, which is also its user id.
var ApplicationID = makeID(kindApplication, 1)
