package moderation

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/warden-bot/warden/core/store"

	"github.com/warden-bot/warden/core"
)

func TestWarnAndNoteAreNumberedAndBroadcast(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	w, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: TypeWarn, TargetID: userX, ModeratorID: modA, Reason: "rude"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: TypeNote, TargetID: userX, ModeratorID: modB, Reason: "watch them"})
	if err != nil {
		t.Fatal(err)
	}
	if w.Number != 1 || n.Number != 2 || w.Points != 1 || n.Points != 0 || w.Status != StatusActive {
		t.Fatalf("cases: %+v %+v", w, n)
	}
	evs := rec.waitFor(t, EventInfractionCreated, 2)
	got := []Infraction{decode[Infraction](t, evs[0]), decode[Infraction](t, evs[1])}
	if got[0].Number != 1 || got[0].ModeratorID != modA || got[1].Number != 2 || got[1].UpdatedBy != modB {
		t.Fatalf("event payloads: %+v", got)
	}
}

func TestBadActionsWriteNothing(t *testing.T) {
	_, svc := startCore(t, "", "sweepInterval: 1h")
	seven := 1001
	cases := []struct {
		name string
		req  ActionRequest
		code core.Code
	}{
		{"unknown type", ActionRequest{Type: "hug", TargetID: userX}, core.CodeBadRequest},
		{"bad user id", ActionRequest{Type: TypeWarn, TargetID: "bob"}, core.CodeBadRequest},
		{"empty note", ActionRequest{Type: TypeNote, TargetID: userX}, core.CodeBadRequest},
		{"too many points", ActionRequest{Type: TypeWarn, TargetID: userX, Points: &seven}, core.CodeBadRequest},
		{"timeout too short", ActionRequest{Type: TypeTimeout, TargetID: userX, DurationSeconds: 5}, core.CodeBadRequest},
		{"timeout too long", ActionRequest{Type: TypeTimeout, TargetID: userX, DurationSeconds: 29 * 24 * 3600}, core.CodeBadRequest},
		{"ban too long", ActionRequest{Type: TypeBan, TargetID: userX, DurationSeconds: 400 * 24 * 3600}, core.CodeBadRequest},
		{"warn with duration", ActionRequest{Type: TypeWarn, TargetID: userX, DurationSeconds: 600}, core.CodeBadRequest},
		{"delete days on kick", ActionRequest{Type: TypeKick, TargetID: userX, DeleteMessageDays: 1}, core.CodeBadRequest},
		{"delete days over 7", ActionRequest{Type: TypeBan, TargetID: userX, DeleteMessageDays: 8}, core.CodeBadRequest},
		{"ban without Discord", ActionRequest{Type: TypeBan, TargetID: userX}, core.CodeUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.GuildID, tc.req.ModeratorID = guildA, modA
			if _, err := svc.Act(ctx(t), tc.req); code(err) != tc.code {
				t.Fatalf("want %s, got %v", tc.code, err)
			}
		})
	}
	if n, err := svc.st.cases.Count(ctx(t), store.Where("guildId", guildA)); err != nil || n != 0 {
		t.Fatalf("refused actions left %d cases (%v)", n, err)
	}
}

func TestConcurrentCasesGetDistinctGapFreeNumbers(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mod := modA
			if i%2 == 1 {
				mod = modB
			}
			_, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: TypeWarn, TargetID: userX, ModeratorID: mod, Reason: fmt.Sprint(i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	evs := rec.waitFor(t, EventInfractionCreated, n)
	var numbers []int
	for _, ev := range evs {
		numbers = append(numbers, int(decode[Infraction](t, ev).Number))
	}
	sort.Ints(numbers)
	for i, num := range numbers {
		if num != i+1 {
			t.Fatalf("numbers are not 1..%d without gaps or repeats: %v", n, numbers)
		}
	}
	if len(rec.named(EventInfractionCreated)) != n {
		t.Fatalf("want exactly %d events", n)
	}
}

func TestEditCaseKeepsHistory(t *testing.T) {
	c, svc := startCore(t, "", "sweepInterval: 1h")
	rec := observe(t, c, guildA)
	w, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: TypeWarn, TargetID: userX, ModeratorID: modA, Reason: "rude"})
	if err != nil {
		t.Fatal(err)
	}
	reason, appealed, pardoned, active := "very rude", StatusAppealed, StatusPardoned, StatusActive
	steps := []struct {
		name  string
		patch CasePatch
		code  core.Code
		want  Status
	}{
		{"reason", CasePatch{Reason: &reason}, "", StatusActive},
		{"appeal", CasePatch{Status: &appealed}, "", StatusAppealed},
		{"pardon", CasePatch{Status: &pardoned}, "", StatusPardoned},
		{"no way back", CasePatch{Status: &active}, core.CodeBadRequest, StatusPardoned},
		{"empty", CasePatch{}, core.CodeBadRequest, StatusPardoned},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := svc.EditCase(ctx(t), guildA, w.Number, st.patch, modB)
			if code(err) != st.code {
				t.Fatalf("want %q, got %v", st.code, err)
			}
			if err == nil && got.Status != st.want {
				t.Fatalf("status %s, want %s", got.Status, st.want)
			}
		})
	}
	if _, err := svc.EditCase(ctx(t), guildA, 99, CasePatch{Reason: &reason}, modB); code(err) != core.CodeNotFound {
		t.Fatalf("unknown case: %v", err)
	}
	evs := rec.waitFor(t, EventInfractionUpdated, 3)
	last := decode[Infraction](t, evs[2])
	if len(last.Edits) != 3 || last.Edits[0].From != "rude" || last.Edits[2].To != "pardoned" || last.UpdatedBy != modB {
		t.Fatalf("history: %+v", last)
	}
	if len(rec.named(EventInfractionUpdated)) != 3 {
		t.Fatal("refused edits broadcast")
	}
}

func TestCasesFilterAndPaginate(t *testing.T) {
	_, svc := startCore(t, "", "sweepInterval: 1h")
	for i := range 7 {
		typ, target := TypeWarn, userX
		if i%3 == 0 {
			typ, target = TypeNote, userY
		}
		if _, err := svc.Act(ctx(t), ActionRequest{GuildID: guildA, Type: typ, TargetID: target, ModeratorID: modA, Reason: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []int64
	cursor := ""
	for {
		page, err := svc.Cases(ctx(t), guildA, CaseFilter{UserID: userX, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range page.Items {
			seen = append(seen, in.Number)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if fmt.Sprint(seen) != "[6 5 3 2]" {
		t.Fatalf("user X's cases newest first: %v", seen)
	}
	notes, err := svc.Cases(ctx(t), guildA, CaseFilter{Type: TypeNote})
	if err != nil || len(notes.Items) != 3 {
		t.Fatalf("notes: %v %v", notes, err)
	}
	for _, f := range []CaseFilter{{Cursor: "nope"}, {Status: "gone"}, {Type: "hug"}, {Limit: 500}, {UserID: "x"}} {
		if _, err := svc.Cases(ctx(t), guildA, f); code(err) != core.CodeBadRequest {
			t.Fatalf("filter %+v: want BAD_REQUEST, got %v", f, err)
		}
	}
}
