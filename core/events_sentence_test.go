package core_test

import (
	"strings"
	"testing"

	"github.com/warden-bot/warden/core"
)

// TestEventSentenceChecked: a sentence names only fields its example has,
// uses no stray brace, and a stats event has none.
func TestEventSentenceChecked(t *testing.T) {
	example := map[string]any{"number": 4, "targetId": "200000000000000002", "grant": map[string]any{"userId": "1"}}
	cases := []struct {
		name, event, sentence, link, wantErr string
	}{
		{"plain fields", "evt:case_created", "Case #{number} for {@targetId}", "p/evt?case={number}", ""},
		{"a dotted path", "evt:case_created", "{@grant.userId} was granted", "", ""},
		{"an alternative the example has", "evt:case_created", "by {@moderatorId|number}", "", ""},
		{"no sentence at all", "evt:case_created", "", "", ""},
		{"a field the example lacks", "evt:case_created", "Case #{nmber}", "", `names "nmber"`},
		{"a stray brace", "evt:case_created", "Case #{number", "", "a brace"},
		{"a link naming a missing field", "evt:case_created", "Case", "p/evt?case={id}", `names "id"`},
		{"a stats event with a sentence", "evt:stats_updated", "Figures changed", "", "stats event"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := core.NewCatalog().Declare("evt", []core.EventSpec{{Name: tc.event, Description: "d", Example: example, Sentence: tc.sentence, Link: tc.link}})
			if tc.wantErr == "" && err != nil {
				t.Fatalf("Declare: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Declare error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

func TestSentenceFields(t *testing.T) {
	alts, marks := core.SentenceFields("Case #{number}: {type} for {@targetId} by {@moderatorId|ruleName} in {#channelId}")
	got := []string{}
	for i, a := range alts {
		got = append(got, marks[i]+strings.Join(a, "|"))
	}
	want := "number type @targetId @moderatorId|ruleName #channelId"
	if strings.Join(got, " ") != want {
		t.Fatalf("SentenceFields = %q, want %q", strings.Join(got, " "), want)
	}
}
