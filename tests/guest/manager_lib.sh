# Waits and traces shared by the guest manager's shell suites
# (manager_test.sh, debian_test.sh), sourced after tap.sh.
until_true() { # until_true COMMAND... : retries for $until_seconds s (10)
	ut=0
	while ! "$@" >/dev/null 2>&1 && [ $ut -lt $((${until_seconds:-10} * 20)) ]; do
		sleep 0.05; ut=$((ut+1))
	done
	"$@"
}
on_lo() { ip addr show dev lo | grep -q "inet $1/"; }
no_trace() { # no_trace XID IP : no context, network context or host address left
	! test -e /proc/virtual/$1 && ! test -e /proc/virtnet/$1 && ! on_lo $2
}
pids_of() { # the host pids of context $1
	for p in /proc/[0-9]*; do
		p=${p#/proc/}; [ "$(vserver-info "$p" XID 2>/dev/null)" = "$1" ] && echo "$p"
	done
}
