package core

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// sentencePlaceholder matches one {field}, {@field} or {#field} of an
// event's sentence or link: a dotted path into the payload, optionally
// marked as a member (@) or a channel (#) whose name the dashboard shows.
// Alternatives separated by "|" ({@moderatorId|ruleName}) take the first
// the payload has; only the first carries the mark.
var sentencePlaceholder = regexp.MustCompile(`\{([@#]?)(` + sentencePath + `(?:\|` + sentencePath + `)*)\}`)

const sentencePath = `[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*`

// SentenceFields returns the placeholders of a sentence or link template,
// in order: each one's alternative payload paths and its mark ("", "@"
// or "#").
func SentenceFields(tpl string) (alts [][]string, marks []string) {
	for _, m := range sentencePlaceholder.FindAllStringSubmatch(tpl, -1) {
		marks = append(marks, m[1])
		alts = append(alts, strings.Split(m[2], "|"))
	}
	return alts, marks
}

// checkSentence refuses a sentence on a stats event (those update figures
// and never reach the feed), a brace that is not a placeholder, and a
// placeholder naming a field the declared example does not have.
func checkSentence(s EventSpec) error {
	if s.Sentence == "" && s.Link == "" {
		return nil
	}
	if IsStatsEvent(s.Name) {
		return fmt.Errorf("event %q: a stats event has no sentence or link: it never reaches the feed", s.Name)
	}
	var example any
	if s.Example != nil {
		raw, err := json.Marshal(s.Example)
		if err != nil {
			return fmt.Errorf("event %q: example: %w", s.Name, err)
		}
		if err := json.Unmarshal(raw, &example); err != nil {
			return fmt.Errorf("event %q: example: %w", s.Name, err)
		}
	}
	for _, tpl := range []string{s.Sentence, s.Link} {
		if rest := sentencePlaceholder.ReplaceAllString(tpl, ""); strings.ContainsAny(rest, "{}") {
			return fmt.Errorf("event %q: template %q: a brace that is not a {field}, {@field} or {#field}", s.Name, tpl)
		}
		alts, _ := SentenceFields(tpl)
		for _, paths := range alts {
			if example != nil && !slices.ContainsFunc(paths, func(p string) bool { return hasPath(example, p) }) {
				return fmt.Errorf("event %q: template %q names %q, which its example payload lacks", s.Name, tpl, strings.Join(paths, "|"))
			}
		}
	}
	return nil
}

// hasPath reports whether the decoded JSON value v has the dotted path.
func hasPath(v any, path string) bool {
	for _, key := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = obj[key]; !ok {
			return false
		}
	}
	return true
}

// DeclaredEvents returns the core's events and those of every registered
// plugin, enabled or not, sorted by name: what docs/events.md lists.
func DeclaredEvents() ([]EventSpec, error) {
	cat := NewCatalog()
	if err := cat.Declare(DashboardPlugin, coreEvents()); err != nil {
		return nil, err
	}
	for _, info := range RegisteredPlugins() {
		if d, ok := info.New().(EventDeclarer); ok {
			if err := cat.Declare(info.ID, d.Events()); err != nil {
				return nil, err
			}
		}
	}
	return cat.Specs(), nil
}
