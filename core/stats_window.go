package core

import (
	"math"
	"time"
)

// MonthWindows returns the current calendar month (UTC) up to now, and the
// same stretch of the previous month: from its first instant for as long as
// the current month has run, but never past its end. On 31 March at noon the
// previous window is all of February; on 10 March at noon it is 1 February
// to 10 February noon.
func MonthWindows(now time.Time) (curStart, prevStart, prevEnd time.Time) {
	now = now.UTC()
	curStart = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	prevStart = curStart.AddDate(0, -1, 0)
	prevEnd = prevStart.Add(now.Sub(curStart))
	if prevEnd.After(curStart) {
		prevEnd = curStart
	}
	return curStart, prevStart, prevEnd
}

// HourBuckets returns the starts of the 24 hourly buckets ending with the
// current hour (UTC): the last holds the hour now is in, so far.
func HourBuckets(now time.Time) []time.Time {
	cur := now.UTC().Truncate(time.Hour)
	out := make([]time.Time, 24)
	for i := range out {
		out[i] = cur.Add(time.Duration(i-23) * time.Hour)
	}
	return out
}

// PercentChange returns the change from prev to cur in percent, rounded to
// one decimal. From zero it is 100 when cur is positive and 0 otherwise.
func PercentChange(prev, cur int64) float64 {
	if prev == 0 {
		if cur > 0 {
			return 100
		}
		return 0
	}
	return math.Round(float64(cur-prev)/float64(prev)*1000) / 10
}
