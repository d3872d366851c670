package discordbot

import (
	"container/list"
	"sync"

	"github.com/warden-bot/warden/core"
)

// Bounds of the message cache: the latest messages of each channel, for
// the most recently active channels. Zero-config: a logging plugin's
// before/after covers recent edits, and memory stays flat however big
// the bot grows (about 1,000 × 100 small messages at most).
const (
	msgCachePerChannel = 100
	msgCacheChannels   = 1000
)

// msgCache remembers the latest messages of recently active channels, so
// that an edit can carry the previous content and a delete the message.
// disgo's own message cache is unbounded per channel, so Warden keeps
// this one. The gateway readers of several shards write to it at once.
type msgCache struct {
	mu         sync.Mutex
	perChannel int
	maxChans   int
	chans      map[string]*list.Element // channel id → element of lru
	lru        *list.List               // of *chanMsgs, most recent first
}

type chanMsgs struct {
	channelID string
	order     []string // message ids, oldest first
	byID      map[string]core.CachedMessage
}

func newMsgCache(perChannel, channels int) *msgCache {
	return &msgCache{perChannel: perChannel, maxChans: channels, chans: map[string]*list.Element{}, lru: list.New()}
}

// channel returns a channel's messages, marking it recently used; create
// makes it (evicting the least recently used channel) when absent.
func (c *msgCache) channel(id string, create bool) *chanMsgs {
	if el, ok := c.chans[id]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*chanMsgs)
	}
	if !create {
		return nil
	}
	if c.lru.Len() >= c.maxChans {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.chans, last.Value.(*chanMsgs).channelID)
	}
	cm := &chanMsgs{channelID: id, byID: map[string]core.CachedMessage{}}
	c.chans[id] = c.lru.PushFront(cm)
	return cm
}

// put remembers a new message, forgetting the channel's oldest beyond
// the bound.
func (c *msgCache) put(m core.CachedMessage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cm := c.channel(m.ChannelID, true)
	if _, ok := cm.byID[m.MessageID]; !ok {
		cm.order = append(cm.order, m.MessageID)
	}
	cm.byID[m.MessageID] = m
	for len(cm.order) > c.perChannel {
		delete(cm.byID, cm.order[0])
		cm.order = cm.order[1:]
	}
}

// edit replaces a message's content and returns the message as it was;
// ok is false when it was not cached (the edited one is then remembered).
func (c *msgCache) edit(m core.CachedMessage) (prev core.CachedMessage, ok bool) {
	c.mu.Lock()
	cm := c.channel(m.ChannelID, false)
	if cm != nil {
		prev, ok = cm.byID[m.MessageID]
	}
	c.mu.Unlock()
	if ok {
		m.At, m.AuthorName = prev.At, prev.AuthorName
		if m.AuthorID == "" {
			m.AuthorID = prev.AuthorID
		}
	}
	c.put(m)
	return prev, ok
}

// remove forgets a message and returns it; ok is false when it was not
// cached.
func (c *msgCache) remove(channelID, messageID string) (core.CachedMessage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cm := c.channel(channelID, false)
	if cm == nil {
		return core.CachedMessage{}, false
	}
	m, ok := cm.byID[messageID]
	if ok {
		delete(cm.byID, messageID)
		for i, id := range cm.order {
			if id == messageID {
				cm.order = append(cm.order[:i], cm.order[i+1:]...)
				break
			}
		}
	}
	return m, ok
}

// forgetChannel drops a deleted channel's messages.
func (c *msgCache) forgetChannel(channelID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.chans[channelID]; ok {
		c.lru.Remove(el)
		delete(c.chans, channelID)
	}
}
