package discordsim_test

import (
	"testing"

	"github.com/disgoorg/disgo/discord"
	"github.com/disgoorg/disgo/events"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestThreads starts public and private threads through disgo, adds and
// removes members, archives and locks, and checks the dispatches.
func TestThreads(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	r := b.client.Rest()
	g, support := demo(t, s, "support")
	user, helper := discordsim.UserID(5), discordsim.UserID(2)

	private, err := r.CreateThread(sf(support.ID), discord.GuildPrivateThreadCreate{Name: "ticket-5", Invitable: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if private.Type() != discord.ChannelTypeGuildPrivateThread || private.ThreadMetadata.Invitable || private.OwnerID != b.client.ID() {
		t.Fatalf("private thread = %+v", private)
	}
	created := waitFor(t, b, "THREAD_CREATE", func(e *events.ThreadCreate) bool { return e.ThreadID == private.ID() })
	if !created.NewlyCreated || created.Thread.ParentID() == nil || *created.Thread.ParentID() != sf(support.ID) {
		t.Fatalf("THREAD_CREATE = %+v", created.GenericThread)
	}
	if err := r.AddThreadMember(private.ID(), sf(user)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "THREAD_MEMBERS_UPDATE add", func(e *events.ThreadMemberAdd) bool {
		return e.ThreadID == private.ID() && e.ThreadMemberID == sf(user)
	})
	if got := s.ThreadMembers(discordsim.ID(private.ID())); len(got) != 2 || got[0] != discordsim.ApplicationID || got[1] != user {
		t.Fatalf("thread members = %v", got)
	}
	if _, err := s.SendMessage(discordsim.ID(private.ID()), user, "my problem"); err != nil {
		t.Fatalf("a member writes in the thread: %v", err)
	}
	waitFor(t, b, "the message in the thread", func(e *events.GuildMessageCreate) bool { return e.ChannelID == private.ID() })
	if err := r.RemoveThreadMember(private.ID(), sf(user)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "THREAD_MEMBERS_UPDATE remove", func(e *events.ThreadMemberRemove) bool { return e.ThreadMemberID == sf(user) })

	if _, err := r.UpdateChannel(private.ID(), discord.GuildThreadUpdate{Archived: new(true), Locked: new(true)}); err != nil {
		t.Fatal(err)
	}
	upd := waitFor(t, b, "THREAD_UPDATE", func(e *events.ThreadUpdate) bool { return e.ThreadID == private.ID() })
	if !upd.Thread.ThreadMetadata.Archived || !upd.Thread.ThreadMetadata.Locked {
		t.Fatalf("after archiving: %+v", upd.Thread.ThreadMetadata)
	}
	if _, err := r.CreateMessage(private.ID(), discord.MessageCreate{Content: "late"}); restCode(err) != discordsim.CodeThreadArchived {
		t.Fatalf("post in an archived thread: %v, want 50083", err)
	}
	if err := r.AddThreadMember(private.ID(), sf(user)); restCode(err) != discordsim.CodeThreadArchived {
		t.Fatalf("add to an archived thread: %v, want 50083", err)
	}

	m, err := s.SendMessage(support.ID, user, "how do I…")
	if err != nil {
		t.Fatal(err)
	}
	public, err := r.CreateThreadFromMessage(sf(support.ID), sf(m.ID), discord.ThreadCreateFromMessage{Name: "how-to", AutoArchiveDuration: discord.AutoArchiveDuration24h})
	if err != nil {
		t.Fatal(err)
	}
	if public.ID() != sf(m.ID) || public.Type() != discord.ChannelTypeGuildPublicThread || public.ThreadMetadata.AutoArchiveDuration != discord.AutoArchiveDuration24h {
		t.Fatalf("thread from a message = %+v", public)
	}
	if _, err := r.CreateThreadFromMessage(sf(support.ID), sf(m.ID), discord.ThreadCreateFromMessage{Name: "again"}); restCode(err) != discordsim.CodeThreadAlreadyCreated {
		t.Fatalf("second thread on a message: %v, want 160004", err)
	}

	byUser, err := s.CreateThread(support.ID, helper, "staff notes", false)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the user's thread", func(e *events.ThreadCreate) bool { return e.ThreadID == sf(byUser) && e.Thread.OwnerID == sf(helper) })
	if err := s.JoinThread(byUser, user); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the user joining", func(e *events.ThreadMemberAdd) bool { return e.ThreadID == sf(byUser) && e.ThreadMemberID == sf(user) })
	if err := s.LeaveThread(byUser, user); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the user leaving", func(e *events.ThreadMemberRemove) bool { return e.ThreadID == sf(byUser) })

	if err := r.DeleteChannel(public.ID()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "THREAD_DELETE", func(e *events.ThreadDelete) bool { return e.ThreadID == public.ID() })
	if _, ok := s.Thread(discordsim.ID(public.ID())); ok {
		t.Fatal("deleted thread still exists")
	}
	if _, ok := s.Guild(g.ID); !ok {
		t.Fatal("guild lost")
	}
}

// TestInvites creates and deletes invites as a member.
func TestInvites(t *testing.T) {
	s := testenv.StartSim(t)
	b := startBot(t, s, allBotIntents)
	_, general := demo(t, s, "general")
	code, err := s.CreateInvite(general.ID, discordsim.UserID(3), 3600, 5)
	if err != nil {
		t.Fatal(err)
	}
	e := waitFor(t, b, "INVITE_CREATE", func(e *events.InviteCreate) bool { return e.Code == code })
	if e.MaxAge != 3600 || e.MaxUses != 5 || e.Inviter == nil || e.Inviter.ID != sf(discordsim.UserID(3)) || e.ChannelID != sf(general.ID) {
		t.Fatalf("INVITE_CREATE = %+v", e.EventInviteCreate)
	}
	if err := s.DeleteInvite(code); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "INVITE_DELETE", func(e *events.InviteDelete) bool { return e.Code == code })
	if err := s.DeleteInvite(code); err == nil {
		t.Fatal("deleting a deleted invite succeeded")
	}
}
