# TAP output of the shell suites (tools_test.sh, manager_test.sh,
# persist_test.sh), sourced from the directory they are installed in.
# A suite calls check once per test and ends with tap_done, whose status
# is the suite's: 0 when every check passed.
n=0 failed=0
check() { # check NAME COMMAND... : passes when the command succeeds
	name=$1; shift
	n=$((n + 1))
	if "$@" >/tmp/out 2>&1; then echo "ok $n - $name"
	else failed=$((failed + 1)); echo "not ok $n - $name"; sed 's/^/#   /' /tmp/out; fi
}
has() { # has PATTERN COMMAND... : the command succeeds and prints PATTERN
	pattern=$1; shift
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -q "$pattern" || { echo "$out"; return 1; }
}
tap_done() { # the plan line; fails if a check failed
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
