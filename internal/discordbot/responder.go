package discordbot

import (
	"context"

	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"

	"github.com/warden-bot/warden/core"
)

// Discord's interaction callback types.
const (
	callbackMessage       = 4
	callbackDeferMessage  = 5
	callbackDeferUpdate   = 6
	callbackUpdateMessage = 7
	callbackAutocomplete  = 8
	callbackModal         = 9
	flagEphemeralCallback = 1 << 6
)

// responder answers one interaction over disgo's REST client. It
// implements core.InteractionResponder.
type responder struct {
	rest  rest.Rest
	appID snowflake.ID
	id    snowflake.ID
	token string
	kind  core.InteractionKind
}

type callbackBody struct {
	Type int `json:"type"`
	Data any `json:"data,omitempty"`
}

func (r *responder) callback(ctx context.Context, op string, typ int, data any, files []core.File) error {
	body, err := withFiles(callbackBody{Type: typ, Data: data}, files)
	if err != nil {
		return DiscordError(op, err)
	}
	return DiscordError(op, r.rest.Do(rest.CreateInteractionResponse.Compile(nil, r.id, r.token), body, nil, rest.WithCtx(ctx)))
}

// Reply implements core.InteractionResponder.
func (r *responder) Reply(ctx context.Context, resp core.Response) error {
	return r.callback(ctx, "reply", callbackMessage, messageBody(resp, usersOnly, false), resp.Files)
}

// Defer implements core.InteractionResponder.
func (r *responder) Defer(ctx context.Context, ephemeral bool) error {
	if r.kind == core.KindComponent {
		return r.callback(ctx, "acknowledge the click", callbackDeferUpdate, nil, nil)
	}
	var data any
	if ephemeral {
		data = map[string]int{"flags": flagEphemeralCallback}
	}
	return r.callback(ctx, "acknowledge the interaction", callbackDeferMessage, data, nil)
}

// Update implements core.InteractionResponder.
func (r *responder) Update(ctx context.Context, resp core.Response) error {
	return r.callback(ctx, "update the message", callbackUpdateMessage, messageBody(resp, usersOnly, true), resp.Files)
}

// Modal implements core.InteractionResponder.
func (r *responder) Modal(ctx context.Context, m core.Modal) error {
	return r.callback(ctx, "open the form", callbackModal, modalBody(m), nil)
}

// autocomplete answers an autocomplete interaction.
func (r *responder) autocomplete(ctx context.Context, choices []core.Choice) error {
	if len(choices) > 25 {
		choices = choices[:25]
	}
	type choice struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	}
	out := make([]choice, len(choices))
	for i, c := range choices {
		out[i] = choice(c)
	}
	return r.callback(ctx, "suggest choices", callbackAutocomplete, map[string]any{"choices": out}, nil)
}

// EditOriginal implements core.InteractionResponder.
func (r *responder) EditOriginal(ctx context.Context, resp core.Response) error {
	body, err := withFiles(messageBody(resp, usersOnly, true), resp.Files)
	if err == nil {
		err = r.rest.Do(rest.UpdateInteractionResponse.Compile(nil, r.appID, r.token), body, nil, rest.WithCtx(ctx))
	}
	return DiscordError("edit the response", err)
}

// Followup implements core.InteractionResponder.
func (r *responder) Followup(ctx context.Context, resp core.Response) (string, error) {
	body, err := withFiles(messageBody(resp, usersOnly, false), resp.Files)
	var msg struct {
		ID string `json:"id"`
	}
	if err == nil {
		err = r.rest.Do(rest.CreateFollowupMessage.Compile(nil, r.appID, r.token), body, &msg, rest.WithCtx(ctx))
	}
	return msg.ID, DiscordError("send a follow-up", err)
}

var _ core.InteractionResponder = (*responder)(nil)
