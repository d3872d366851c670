// Package testenv starts the real parts tests run against: a core on the
// embedded store, and a redis-server on a free port. It is imported by
// tests only. A missing binary fails the test with a message saying what
// to install (scripts/test.sh installs them); no test is skipped.
package testenv
