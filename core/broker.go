package core

import "context"

// Position is a room's place in its event sequence.
type Position struct {
	Seq   uint64 `json:"seq"`
	Epoch string `json:"epoch"`
}

// BrokerHandler receives every event the broker delivers to this instance,
// in publish order per room. It must not block: the gateway only enqueues.
//
// An event with an empty Name is not an event but a gap marker: the broker
// lost events of the room it cannot replay (for example across a Redis
// outage), and Seq/Epoch are the room's new head. The gateway answers it
// with resync so that no client silently misses an event.
type BrokerHandler func(ev *Event)

// Broker carries events from Broadcast to the gateways of every instance,
// numbers them per room, and keeps a bounded history for resume.
//
// MemoryBroker is the single-instance default; the Redis broker makes many
// instances one.
type Broker interface {
	// Publish assigns the room's next Seq and its Epoch, stores the event in
	// the room's history, and delivers it to the handler of every instance
	// subscribed to the room. It returns the event as published.
	Publish(ctx context.Context, ev Event) (Event, error)
	// Subscribe makes this instance receive the room's events.
	Subscribe(ctx context.Context, room string) error
	// Unsubscribe stops this instance receiving the room's events.
	Unsubscribe(ctx context.Context, room string) error
	// History returns the room's held events with Seq greater than since, in
	// order, and the room's head. It returns ErrHistoryGone when epoch is not
	// the room's epoch or events after since are no longer held.
	History(ctx context.Context, room string, since uint64, epoch string) ([]Event, Position, error)
	// Head returns the room's current position.
	Head(ctx context.Context, room string) (Position, error)
	// SetHandler sets the function that receives delivered events. Call it
	// before the first Publish.
	SetHandler(h BrokerHandler)
	// Close releases the broker's resources.
	Close() error
}
