package core

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// GlobalRoom is the reserved room for bot-wide operator data; only
// superusers may join it.
const GlobalRoom = "global"

var eventNamePattern = regexp.MustCompile(`^[a-z0-9_-]+:[a-z0-9_-]+$`)

// ValidEventName reports whether name has the form <plugin>:<action> with
// lowercase a-z, 0-9, '-' and '_' on each side.
func ValidEventName(name string) bool {
	return len(name) <= 96 && eventNamePattern.MatchString(name)
}

// ValidRoom reports whether room is a guild id (a snowflake) or GlobalRoom.
func ValidRoom(room string) bool {
	return room == GlobalRoom || IsSnowflake(room)
}

// EventPlugin returns the plugin part of an event name.
func EventPlugin(name string) string {
	p, _, _ := strings.Cut(name, ":")
	return p
}

// IsStatsEvent reports whether an event is a coalesced stats event.
func IsStatsEvent(name string) bool {
	return strings.HasSuffix(name, ":stats_updated")
}

// EventSpec declares one event a plugin broadcasts.
type EventSpec struct {
	// Name is the full event name, "<plugin>:<action>".
	Name string
	// Description says when the event is sent.
	Description string
	// Example is a payload example; docs/events.md shows it as JSON.
	Example any
	// Global marks events sent to the reserved room "global" rather than to
	// a guild's room.
	Global bool
	// Sentence is what the dashboard's live feed says when the event
	// arrives, a template over the payload's fields: {field} is the value
	// at a dotted path, {@field} a member's name and {#field} a channel's
	// name, resolved through the dashboard's names. For example
	// "Case #{number}: {type} for {@targetId} by {@moderatorId}". Stats
	// events (":stats_updated") have none: they update figures and do not
	// appear in the feed.
	Sentence string
	// Quiet keeps a frequent event that only open views of its subject
	// need (each message of a ticket or a conversation) out of the live
	// feed, where it would drown the rest; it still has a Sentence.
	Quiet bool
	// Link is where the feed's line leads, a template like Sentence over
	// the guild's dashboard routes: "settings", "p/<plugin>", optionally
	// with a query such as "p/moderation?case={number}". Empty means the
	// line links nowhere.
	Link string
}

// Event is one published event. The broker assigns Seq and Epoch.
type Event struct {
	// Room is the guild id, or GlobalRoom.
	Room string
	// Name is "<plugin>:<action>".
	Name string
	// Data is the payload, already encoded as JSON.
	Data json.RawMessage
	// Timestamp is the publish time in Unix milliseconds.
	Timestamp int64
	// Seq is the room's sequence number of this event, from 1.
	Seq uint64
	// Epoch names the room's sequence; when it changes, earlier Seq values
	// mean nothing any more.
	Epoch string
}

// AppendEnvelope appends the contract's envelope for e to dst:
// {"event","guildId","data","timestamp","seq"}. Name and Room are validated
// when the event is built, so they need no escaping.
func (e *Event) AppendEnvelope(dst []byte) []byte {
	dst = append(dst, `{"event":"`...)
	dst = append(dst, e.Name...)
	dst = append(dst, `","guildId":"`...)
	dst = append(dst, e.Room...)
	dst = append(dst, `","data":`...)
	if len(e.Data) == 0 {
		dst = append(dst, "{}"...)
	} else {
		dst = append(dst, e.Data...)
	}
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, e.Timestamp, 10)
	if e.Seq > 0 {
		dst = append(dst, `,"seq":`...)
		dst = strconv.AppendUint(dst, e.Seq, 10)
	}
	return append(dst, '}')
}

// Envelope returns the encoded envelope of e.
func (e *Event) Envelope() []byte {
	return e.AppendEnvelope(make([]byte, 0, 96+len(e.Name)+len(e.Room)+len(e.Data)))
}

// Catalog holds the declared events of the running plugins.
type Catalog struct {
	mu    sync.RWMutex
	specs map[string]EventSpec
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{specs: map[string]EventSpec{}}
}

// Declare adds the events of one plugin. Each name must be well formed and
// start with the plugin's id.
func (c *Catalog) Declare(pluginID string, specs []EventSpec) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range specs {
		if !ValidEventName(s.Name) {
			return fmt.Errorf("plugin %s: event %q: %w", pluginID, s.Name, ErrBadEventName)
		}
		if EventPlugin(s.Name) != pluginID {
			return fmt.Errorf("plugin %s: event %q must start with %q", pluginID, s.Name, pluginID+":")
		}
		if err := checkSentence(s); err != nil {
			return fmt.Errorf("plugin %s: %w", pluginID, err)
		}
		if _, dup := c.specs[s.Name]; dup {
			return fmt.Errorf("plugin %s: event %q declared twice", pluginID, s.Name)
		}
		c.specs[s.Name] = s
	}
	return nil
}

// Lookup returns the declaration of an event.
func (c *Catalog) Lookup(name string) (EventSpec, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.specs[name]
	return s, ok
}

// Specs returns every declared event, sorted by name.
func (c *Catalog) Specs() []EventSpec {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]EventSpec, 0, len(c.specs))
	for _, s := range c.specs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
