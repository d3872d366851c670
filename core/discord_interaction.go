package core

import (
	"context"
	"fmt"
	"sync"
)

// InteractionKind says what the user did.
type InteractionKind int

// Interaction kinds.
const (
	// KindCommand is a slash, user or message command run.
	KindCommand InteractionKind = iota + 1
	// KindAutocomplete is a user typing in an autocompleted option.
	KindAutocomplete
	// KindComponent is a button click or a select menu choice.
	KindComponent
	// KindModal is a submitted modal.
	KindModal
)

// InteractionData is what the user did, read from Discord's payload.
type InteractionData struct {
	Kind InteractionKind
	// ID is Discord's interaction id; Plugin the plugin it is routed to.
	ID, Plugin string
	// GuildID is empty in DMs.
	GuildID, ChannelID, UserID, Username string
	// Permissions is the member's permission bitfield in the channel (0
	// in DMs).
	Permissions uint64

	// Command is the command's name (commands and autocomplete).
	Command     string
	CommandType CommandType
	// Subcommand is the subcommand run ("show" for /case show), and
	// SubcommandGroup the group it sits in.
	Subcommand, SubcommandGroup string
	// Options are the options given, by name, whatever the nesting: a
	// string, an int, a bool, a float64, or an id string for users,
	// channels, roles, mentionables and attachments.
	Options map[string]any
	// Focused is the option being autocompleted.
	Focused string
	// TargetID is the user or message a context-menu command ran on;
	// TargetContent and TargetAuthorID describe a message target.
	TargetID, TargetContent, TargetAuthorID string

	// CustomID is the component's or modal's custom id, plugin prefix
	// included ("moderation:confirm:42").
	CustomID      string
	ComponentType ComponentType
	// Values are a select menu's choices (option values, or ids).
	Values []string
	// Fields are a modal's inputs by custom id.
	Fields map[string]string
	// MessageID is the message a component sits on.
	MessageID string
}

// InteractionResponder sends Discord's interaction responses. The Discord
// layer implements it; plugins use Interaction's methods.
type InteractionResponder interface {
	// Reply creates the response message.
	Reply(ctx context.Context, r Response) error
	// Defer acknowledges now and answers later: a deferred message for
	// commands and modals, a deferred update for components.
	Defer(ctx context.Context, ephemeral bool) error
	// Update edits the message a component sits on, as the response.
	Update(ctx context.Context, r Response) error
	// EditOriginal edits the response (or, after a component's deferred
	// update, the message it sits on).
	EditOriginal(ctx context.Context, r Response) error
	// Followup posts another message and returns its id.
	Followup(ctx context.Context, r Response) (string, error)
	// Modal opens a modal as the response.
	Modal(ctx context.Context, m Modal) error
}

type responseState int

const (
	stateOpen     responseState = iota // nothing sent yet
	stateDeferred                      // acknowledged, nothing shown yet
	stateAnswered                      // a response is shown
)

// Interaction is one interaction routed to a plugin. Its response methods
// are safe to call from the handler while the Discord layer defers on the
// handler's behalf (see AutoDefer): whatever the layer did, a Reply lands
// as the response, the edit of a deferred response, or a follow-up.
type Interaction struct {
	InteractionData

	r  InteractionResponder
	mu sync.Mutex
	st responseState
	// deferEphemeral is the visibility of an automatic defer.
	deferEphemeral bool
}

// NewInteraction is for the Discord layer: it binds what the user did to
// the responder that answers it. deferEphemeral is the visibility of an
// automatic defer of a command or modal.
func NewInteraction(d InteractionData, r InteractionResponder, deferEphemeral bool) *Interaction {
	return &Interaction{InteractionData: d, r: r, deferEphemeral: deferEphemeral}
}

// String returns a string option, or "" when absent.
func (inv *Interaction) String(name string) string { s, _ := inv.Options[name].(string); return s }

// Int returns an integer option, or 0 when absent.
func (inv *Interaction) Int(name string) int { n, _ := inv.Options[name].(int); return n }

// Float returns a number option, or 0 when absent.
func (inv *Interaction) Float(name string) float64 { f, _ := inv.Options[name].(float64); return f }

// Bool returns a boolean option, or false when absent.
func (inv *Interaction) Bool(name string) bool { b, _ := inv.Options[name].(bool); return b }

// UserOption returns a user option's id, or "" when absent. Channel,
// role and mentionable options read the same way.
func (inv *Interaction) UserOption(name string) string { return inv.String(name) }

// Field returns a modal input's value, or "".
func (inv *Interaction) Field(customID string) string { return inv.Fields[customID] }

// Responded reports whether the interaction has been acknowledged.
func (inv *Interaction) Responded() bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.st != stateOpen
}

// Answered reports whether a response is shown (not only deferred).
func (inv *Interaction) Answered() bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.st == stateAnswered
}

// Reply answers with a text message (see Respond).
func (inv *Interaction) Reply(ctx context.Context, content string, ephemeral bool) error {
	return inv.Respond(ctx, Response{Content: content, Ephemeral: ephemeral})
}

// Respond answers with a message. The first answer is the response; after
// a defer it edits the deferred response (a component's deferred update
// gets a new message instead, as the component's message stays as it is);
// after an answer it is a follow-up.
func (inv *Interaction) Respond(ctx context.Context, r Response) error {
	if err := CheckComponents(inv.Plugin, r.Components); err != nil {
		return err
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	switch {
	case inv.st == stateOpen:
		if err := inv.r.Reply(ctx, r); err != nil {
			return fmt.Errorf("%w: %w", ErrReplyFailed, err)
		}
	case inv.st == stateDeferred && inv.Kind != KindComponent:
		if err := inv.r.EditOriginal(ctx, r); err != nil {
			return fmt.Errorf("%w: %w", ErrReplyFailed, err)
		}
	default:
		if _, err := inv.r.Followup(ctx, r); err != nil {
			return fmt.Errorf("%w: %w", ErrReplyFailed, err)
		}
		return nil
	}
	inv.st = stateAnswered
	return nil
}

// Defer acknowledges the interaction so that the handler may take longer
// than Discord's 3 seconds. For a component it is a deferred update (the
// message stays as it is until Update). A second Defer does nothing.
func (inv *Interaction) Defer(ctx context.Context, ephemeral bool) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.deferLocked(ctx, ephemeral)
}

func (inv *Interaction) deferLocked(ctx context.Context, ephemeral bool) error {
	if inv.st != stateOpen {
		return nil
	}
	if err := inv.r.Defer(ctx, ephemeral); err != nil {
		return err
	}
	inv.st = stateDeferred
	return nil
}

// AutoDefer is for the Discord layer: it defers when the handler has not
// answered yet (reporting whether it did). Autocomplete is never deferred.
func (inv *Interaction) AutoDefer(ctx context.Context) (bool, error) {
	if inv.Kind == KindAutocomplete {
		return false, nil
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.st != stateOpen {
		return false, nil
	}
	return true, inv.deferLocked(ctx, inv.deferEphemeral)
}

// Followup posts another message after the response.
func (inv *Interaction) Followup(ctx context.Context, content string, ephemeral bool) error {
	_, err := inv.SendFollowup(ctx, Response{Content: content, Ephemeral: ephemeral})
	return err
}

// SendFollowup posts another message and returns its id. Before any
// response it answers first, as Respond.
func (inv *Interaction) SendFollowup(ctx context.Context, r Response) (string, error) {
	if err := CheckComponents(inv.Plugin, r.Components); err != nil {
		return "", err
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.st == stateOpen {
		if err := inv.deferLocked(ctx, r.Ephemeral); err != nil {
			return "", err
		}
	}
	id, err := inv.r.Followup(ctx, r)
	if err == nil {
		inv.st = stateAnswered
	}
	return id, err
}

// EditOriginal edits the response message (for a component after Defer or
// Update: the message the component sits on).
func (inv *Interaction) EditOriginal(ctx context.Context, r Response) error {
	if err := CheckComponents(inv.Plugin, r.Components); err != nil {
		return err
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.st == stateOpen {
		return inv.stateError("edit the response before answering")
	}
	if err := inv.r.EditOriginal(ctx, r); err != nil {
		return err
	}
	inv.st = stateAnswered
	return nil
}

// Update changes the message a component sits on (a button disabled, a
// menu replaced), as the response or, after a defer, as an edit.
func (inv *Interaction) Update(ctx context.Context, r Response) error {
	if inv.Kind != KindComponent {
		return inv.stateError("update a message from something other than a component")
	}
	if err := CheckComponents(inv.Plugin, r.Components); err != nil {
		return err
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	var err error
	if inv.st == stateOpen {
		err = inv.r.Update(ctx, r)
	} else {
		err = inv.r.EditOriginal(ctx, r)
	}
	if err == nil {
		inv.st = stateAnswered
	}
	return err
}

// OpenModal answers with a modal. It must be the first answer: Discord
// refuses a modal after a defer, so open it before any slow work (the
// layer defers a handler that has not answered within about 2 s).
func (inv *Interaction) OpenModal(ctx context.Context, m Modal) error {
	if err := CheckCustomID(inv.Plugin, m.CustomID); err != nil {
		return err
	}
	if inv.Kind == KindModal {
		return inv.stateError("open a modal in answer to a modal")
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.st != stateOpen {
		return inv.stateError("open a modal after the interaction was answered or deferred")
	}
	if err := inv.r.Modal(ctx, m); err != nil {
		return err
	}
	inv.st = stateAnswered
	return nil
}

func (inv *Interaction) stateError(what string) error {
	return &Error{Code: CodeBadRequest, Message: "cannot " + what, Err: fmt.Errorf("plugin %s, interaction %s: %w", inv.Plugin, inv.ID, ErrInteractionState)}
}
