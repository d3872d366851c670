package core_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/warden-bot/warden/core"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func TestMintAndVerifyToken(t *testing.T) {
	tok, err := core.MintToken(secret, "100000000000000001", "ws", time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.VerifyToken(secret, tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "100000000000000001" || c.Kind != "ws" || c.ExpiresAt == nil {
		t.Fatalf("claims %+v", c)
	}
	if _, err := core.MintToken(secret, "alice", "", time.Minute, time.Now()); err == nil {
		t.Fatal("minted a token for a non-snowflake user")
	}
}

func TestVerifyTokenRefusals(t *testing.T) {
	now := time.Now()
	sign := func(m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	valid := jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(time.Hour).Unix()}
	noneTok := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid)
	cases := []struct {
		name    string
		token   string
		expired bool
	}{
		{"alg none", noneTok, false},
		{"HS512", sign(jwt.SigningMethodHS512, secret, valid), false},
		{"other secret", sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), valid), false},
		{"no exp", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001"}), false},
		{"sub not a snowflake", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "alice", "exp": now.Add(time.Hour).Unix()}), false},
		{"no sub", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()}), false},
		{"not yet valid", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(2 * time.Hour).Unix(), "nbf": now.Add(time.Hour).Unix()}), false},
		{"issued in the future", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(2 * time.Hour).Unix(), "iat": now.Add(time.Hour).Unix()}), false},
		{"expired", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(-time.Hour).Unix()}), true},
		{"exp as a string", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": fmt.Sprint(now.Add(time.Hour).Unix())}), false},
		{"nbf as a string", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(time.Hour).Unix(), "nbf": fmt.Sprint(now.Unix())}), false},
		{"iat as a string", sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "100000000000000001", "exp": now.Add(time.Hour).Unix(), "iat": fmt.Sprint(now.Unix())}), false},
		{"garbage", "not.a.token", false},
		{"oversized", strings.Repeat("a", 5000), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := core.VerifyToken(secret, tc.token)
			want := core.ErrTokenInvalid
			if tc.expired {
				want = core.ErrTokenExpired
			}
			if !errors.Is(err, want) {
				t.Fatalf("got %v, want %v", err, want)
			}
		})
	}
}
