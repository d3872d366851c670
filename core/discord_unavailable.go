package core

import (
	"context"
	"time"
)

// unavailableDiscord is pc.Discord() while no Discord client runs.
type unavailableDiscord struct{}

func errUnavailable() error {
	return &Error{Code: CodeUnavailable, Message: "Warden is not connected to Discord", Err: ErrDiscordUnavailable}
}

func (unavailableDiscord) Connected() bool { return false }
func (unavailableDiscord) BotID() string   { return "" }
func (unavailableDiscord) SendMessage(context.Context, string, string) (string, error) {
	return "", errUnavailable()
}
func (unavailableDiscord) Send(context.Context, string, Response) (string, error) {
	return "", errUnavailable()
}
func (unavailableDiscord) SendDM(context.Context, string, string) (string, error) {
	return "", errUnavailable()
}
func (unavailableDiscord) DeleteMessage(context.Context, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) CreateChannel(context.Context, string, ChannelSpec, string) (string, error) {
	return "", errUnavailable()
}
func (unavailableDiscord) EditChannel(context.Context, string, ChannelEdit, string) error {
	return errUnavailable()
}
func (unavailableDiscord) DeleteChannel(context.Context, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) Timeout(context.Context, string, string, time.Time, string) error {
	return errUnavailable()
}
func (unavailableDiscord) Kick(context.Context, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) Ban(context.Context, string, string, time.Duration, string) error {
	return errUnavailable()
}
func (unavailableDiscord) Unban(context.Context, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) AddRole(context.Context, string, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) RemoveRole(context.Context, string, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) Member(context.Context, string, string) (MemberInfo, error) {
	return MemberInfo{}, errUnavailable()
}
func (unavailableDiscord) FetchMember(context.Context, string, string) (MemberInfo, error) {
	return MemberInfo{}, errUnavailable()
}
func (unavailableDiscord) UserExists(context.Context, string) (bool, error) {
	return false, errUnavailable()
}
func (unavailableDiscord) Banned(context.Context, string, string) (bool, error) {
	return false, errUnavailable()
}
func (unavailableDiscord) Guild(context.Context, string) (GuildSummary, bool, error) {
	return GuildSummary{}, false, errUnavailable()
}
func (unavailableDiscord) HighestRole(string, []string) int { return -1 }
func (unavailableDiscord) BotRoles(string) ([]string, bool) { return nil, false }
func (unavailableDiscord) HasRole(string, string) bool      { return false }
func (unavailableDiscord) HasChannel(string, string) bool   { return false }

func (unavailableDiscord) SendDMMessage(context.Context, string, Response) (string, string, error) {
	return "", "", errUnavailable()
}
func (unavailableDiscord) EditMessage(context.Context, string, string, Response) error {
	return errUnavailable()
}
func (unavailableDiscord) Pin(context.Context, string, string, string) error { return errUnavailable() }
func (unavailableDiscord) Unpin(context.Context, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) CreateThread(context.Context, string, ThreadSpec, string) (string, error) {
	return "", errUnavailable()
}
func (unavailableDiscord) EditThread(context.Context, string, ThreadEdit, string) error {
	return errUnavailable()
}
func (unavailableDiscord) AddThreadMember(context.Context, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) RemoveThreadMember(context.Context, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) SetNickname(context.Context, string, string, string, string) error {
	return errUnavailable()
}
func (unavailableDiscord) MoveMember(context.Context, string, string, string, string) error {
	return errUnavailable()
}

var _ DiscordActions = unavailableDiscord{}

func (unavailableDiscord) DownloadAttachment(context.Context, string, int) ([]byte, error) {
	return nil, errUnavailable()
}
