package discordsim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Modal is a modal the bot opened (callback type 9).
type Modal struct {
	CustomID string
	Title    string
	Inputs   []TextInput
}

// TextInput is one text input of a modal.
type TextInput struct {
	CustomID    string `json:"custom_id"`
	Label       string `json:"label"`
	Style       int    `json:"style"`
	Placeholder string `json:"placeholder"`
	Value       string `json:"value"`
	// Required defaults to true, as Discord's does.
	Required  *bool `json:"required"`
	MinLength *int  `json:"min_length"`
	MaxLength *int  `json:"max_length"`
}

// parseModal reads and checks a modal as Discord does: a custom id of
// 1–100 characters, a title of 1–45, one to five action rows holding one
// text input each (style 1 or 2, a label of 1–45, a unique custom id).
func parseModal(data json.RawMessage) (Modal, *APIError) {
	var in struct {
		CustomID   string `json:"custom_id"`
		Title      string `json:"title"`
		Components []struct {
			Type       int               `json:"type"`
			Components []json.RawMessage `json:"components"`
		} `json:"components"`
	}
	if err := decode(data, &in); err != nil {
		return Modal{}, err
	}
	switch {
	case in.CustomID == "" || len(in.CustomID) > 100:
		return Modal{}, fieldError("data.custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	case in.Title == "" || utf8.RuneCountInString(in.Title) > 45:
		return Modal{}, fieldError("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
	case len(in.Components) == 0 || len(in.Components) > 5:
		return Modal{}, fieldError("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
	}
	m := Modal{CustomID: in.CustomID, Title: in.Title}
	seen := map[string]bool{}
	for i, row := range in.Components {
		path := "data.components." + strconv.Itoa(i)
		if row.Type != 1 || len(row.Components) != 1 {
			return Modal{}, fieldError(path, "COMPONENT_INVALID", "a modal row holds one text input")
		}
		var ti struct {
			Type int `json:"type"`
			TextInput
		}
		if err := decode(row.Components[0], &ti); err != nil {
			return Modal{}, err
		}
		switch {
		case ti.Type != 4 || (ti.Style != 1 && ti.Style != 2):
			return Modal{}, fieldError(path+".components.0", "COMPONENT_INVALID", "a modal holds text inputs (type 4, style 1 or 2)")
		case ti.Label == "" || utf8.RuneCountInString(ti.Label) > 45:
			return Modal{}, fieldError(path+".components.0.label", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
		case ti.CustomID == "" || seen[ti.CustomID]:
			return Modal{}, fieldError(path+".components.0.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "custom ids must be present and unique")
		}
		seen[ti.CustomID] = true
		m.Inputs = append(m.Inputs, ti.TextInput)
	}
	return m, nil
}

// SubmitModal makes the user of opener submit the modal the bot opened in
// answer to it (its response must be type 9), with the text inputs'
// values by custom id. Values are checked as Discord's client checks them:
// every value names an input, required inputs (Discord's default) are
// filled, lengths are within the input's bounds. A modal is submitted
// once. The submission (INTERACTION_CREATE type 5) carries the message of
// the component that opened the modal, if one did.
func (s *Server) SubmitModal(opener *Interaction, values map[string]string) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if opener.response == nil || opener.response.Type != ResponseModal {
		return nil, fmt.Errorf("discordsim: %s: the bot opened no modal for interaction %s", opener.Name, opener.ID)
	}
	if opener.submitted {
		return nil, fmt.Errorf("discordsim: the modal of interaction %s was already submitted", opener.ID)
	}
	modal, apiErr := parseModal(opener.response.Data)
	if apiErr != nil {
		return nil, apiErr
	}
	inputs := map[string]TextInput{}
	for _, in := range modal.Inputs {
		inputs[in.CustomID] = in
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, ok := inputs[k]; !ok {
			return nil, fmt.Errorf("discordsim: modal %q has no input %q", modal.CustomID, k)
		}
	}
	var rows []map[string]any
	for _, in := range modal.Inputs {
		v := values[in.CustomID]
		n := utf8.RuneCountInString(v)
		switch {
		case (in.Required == nil || *in.Required) && v == "":
			return nil, fmt.Errorf("discordsim: modal %q: input %q is required", modal.CustomID, in.CustomID)
		case v != "" && in.MinLength != nil && n < *in.MinLength:
			return nil, fmt.Errorf("discordsim: modal %q: input %q needs at least %d characters", modal.CustomID, in.CustomID, *in.MinLength)
		case in.MaxLength != nil && *in.MaxLength > 0 && n > *in.MaxLength:
			return nil, fmt.Errorf("discordsim: modal %q: input %q takes at most %d characters", modal.CustomID, in.CustomID, *in.MaxLength)
		}
		rows = append(rows, map[string]any{"type": 1, "components": []map[string]any{{"type": 4, "custom_id": in.CustomID, "value": v}}})
	}
	it, payload, err := s.newInteractionLocked(interactionModalSubmit, opener.GuildID, opener.ChannelID, opener.UserID)
	if err != nil {
		return nil, err
	}
	it.Name = "modal " + modal.CustomID
	payload["data"] = map[string]any{"custom_id": modal.CustomID, "components": rows}
	if opener.Type == interactionComponent {
		if m := s.findMessageLocked(opener.MessageID); m != nil {
			it.MessageID = m.ID
			payload["message"] = m
		}
	}
	opener.submitted = true
	s.startInteractionLocked(it, payload)
	return it, nil
}
