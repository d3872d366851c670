package moderation

import (
	"math"
	"strings"
	"testing"
)

// Huge durations are refused with the value as sent, not an overflowed
// one ("got -1s"), and a value that overflows to zero is not taken for
// "no duration".
func TestHugeDurationsRefusedClearly(t *testing.T) {
	const user = "200000000000000001"
	cases := []struct {
		name string
		req  ActionRequest
		want string
	}{
		{"max int64 timeout", ActionRequest{Type: TypeTimeout, TargetID: user, Reason: "r", DurationSeconds: math.MaxInt64},
			"durationSeconds: must be 60 to 2419200 seconds (1 minute to 4 weeks), got 9223372036854775807"},
		{"overflowing to -1s", ActionRequest{Type: TypeBan, TargetID: user, Reason: "r", DurationSeconds: 18446744073},
			"got 18446744073"},
		{"min int64", ActionRequest{Type: TypeTimeout, TargetID: user, Reason: "r", DurationSeconds: math.MinInt64},
			"got -9223372036854775808"},
		{"wraps to zero on a kick", ActionRequest{Type: TypeKick, TargetID: user, Reason: "r", DurationSeconds: 1 << 55},
			"has no duration"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("validate = %v, want %q", err, tc.want)
			}
		})
	}
	if err := validateThresholds([]Threshold{{Points: 1, Action: TypeTimeout, DurationSeconds: math.MaxInt64}}); err == nil ||
		!strings.Contains(err.Error(), "got 9223372036854775807") {
		t.Fatalf("threshold: %v", err)
	}
	if err := (&RuleAction{Type: RuleKick, DurationSeconds: 1 << 55}).validate("actions[0]"); err == nil {
		t.Fatal("a rule's kick with a duration that wraps to zero was accepted")
	}
}
