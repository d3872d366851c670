package moderation

import "testing"

func TestHumanDuration(t *testing.T) {
	cases := []struct {
		seconds int64
		want    string
	}{
		{0, "permanent"},
		{1, "1 second"},
		{300, "5 minutes"},
		{3600, "1 hour"},
		{5400, "1 hour 30 minutes"},
		{86400 + 2*3600 + 3*60, "1 day 2 hours"},
		{86400 + 30, "1 day"},
		{14 * 86400, "2 weeks"},
		{28 * 86400, "4 weeks"},
	}
	for _, tc := range cases {
		if got := humanDuration(tc.seconds); got != tc.want {
			t.Errorf("humanDuration(%d) = %q, want %q", tc.seconds, got, tc.want)
		}
	}
}
