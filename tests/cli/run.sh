#!/bin/sh
# CLI tests: output and exit status of the wsaerr command.
#   tests/cli/run.sh build/wsaerr
set -u
bin=${1:?usage: run.sh path/to/wsaerr}
passed=0 failed=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect STATUS PATTERN -- ARGS...: exit status is STATUS and stdout+stderr
# holds a line matching the extended regex PATTERN.
expect() {
	want=$1 pattern=$2
	shift 3
	"$bin" "$@" >"$out" 2>"$err"
	got=$?
	if [ "$got" -eq "$want" ] && cat "$out" "$err" | grep -Eq -- "$pattern"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: wsaerr $* -> status $got (want $want), output:" >&2
		cat "$out" "$err" | sed 's/^/    /' >&2
	fi
}

expect 0 '^WSAECONNREFUSED \(10061, 0x274D\): Connection refused\.$' -- 10061
expect 0 '^No connection could be made' -- 10061
expect 0 '^POSIX: ECONNREFUSED \(errno; Linux 111, BSD 61\)$' -- 10061
expect 0 '^WSAECONNREFUSED ' -- econnrefused
expect 0 '^WSAECONNREFUSED ' -- 0x8007274D
expect 0 '^WSAECONNREFUSED ' -- -2147014835
expect 0 '^WSA_IO_PENDING \(997, 0x3E5\)' -- ERROR_IO_PENDING
expect 0 '^POSIX: no equivalent$' -- 997
# what to check, for a common code
expect 0 '^Check:$' -- 10048
expect 0 '^  - Find the owner with `Get-NetTCPConnection -LocalPort PORT`' -- 10048
# each hint with the numbers of its sources, and the sources listed
expect 0 '^  - If the owner is PID 4 \(System\).* \[[0-9]+, [0-9]+\]$' -- 10048
expect 0 '^Sources:$' -- 10048
expect 0 '^  \[1\] .* \(Microsoft documentation\): https://learn\.microsoft\.com/' -- 10048
expect 0 "; not from Microsoft's documentation\]\$" -- 10061
expect 0 '^Causes:$' -- WSAEACCES
expect 0 '^  - .*excludedportrange' -- 10013
expect 0 '^POSIX: EPROCLIM \(errno; not on Linux, BSD 67\)$' -- WSAEPROCLIM
expect 0 '^WSAEBADF ' -- 10061 EBADF
expect 1 'no Windows Sockets error has this number' -- 126
expect 1 'usually a Win32 system error' -- 126
expect 1 'no Windows Sockets error has this name' -- WSAEFOO
expect 1 '^WSAECONNREFUSED ' -- 10061 126
expect 2 'followed by characters' -- 10061abc
expect 2 'the key is empty' -- ''
expect 0 '^WSAECONNRESET \(10054' -- -s "connection reset"
expect 0 '^WSAENOTCONN \(10057' -- -s "Socket error #10057"
expect 0 '^WSAECONNREFUSED ' -- -s "conection refsued"
expect 1 'nothing matches' -- -s "zzzzzzzz"
# a long query is cut, not refused
expect 0 'cut to its first 1024 bytes' -- -s "connection refused $(printf '%01100d' 0)"
expect 0 '^WSAECONNREFUSED ' -- -s "connection refused $(printf '%01100d' 0)"
# text that is no key: its best match, after a line saying so
expect 0 '^best match for "Socket Error #10054":$' -- "Socket Error #10054"
expect 0 '^WSAECONNRESET \(10054' -- "Socket Error #10054"
expect 0 '^WSAECONNREFUSED \(10061' -- "java.net.ConnectException: Connection refused"
expect 0 '^WSAECONNREFUSED \(10061' -- "No connection could be made because the target machine actively refused it."
expect 1 'nothing matches "hello world"' -- "hello world"
# a malformed key that looks like one is still refused
expect 2 'neither a number' -- 0x
expect 2 'neither a number' -- +10061
# numbers from other error spaces
expect 1 'Linux errno 111 is ECONNREFUSED, which Windows reports as WSAECONNREFUSED \(10061\)' -- 111
# the neighbours of Winsock (issue 20)
expect 0 '^Reported as ERROR_SEM_TIMEOUT \(121, Win32 system error\): The semaphore timeout period has expired\.$' -- ERROR_SEM_TIMEOUT
expect 0 '^WSAETIMEDOUT \(10060, 0x274C\)' -- ERROR_SEM_TIMEOUT
expect 0 '^Reported as STATUS_CONNECTION_REFUSED \(0xC0000236, NTSTATUS\)' -- 0xC0000236
expect 0 'low confidence, the sources disagree' -- STATUS_CANCELLED
expect 0 '"via": *\{' -- --json 0x80070040
expect 1 'Win32 error 64 is ERROR_NETNAME_DELETED .*WSAECONNRESET \(10054\).*BSD errno 64 is EHOSTDOWN' -- 64
expect 1 'no established Windows Sockets equivalent' -- ERROR_BROKEN_PIPE
expect 0 '^  reported as ERROR_SEM_TIMEOUT \(win32 121\)$' -- -s '[WinError 121] The semaphore timeout period has expired'
expect 1 'BSD errno 61 is ECONNREFUSED' -- 61
# the names .NET and the headers use, and EAGAIN
expect 0 '^WSAETIMEDOUT \(10060' -- SocketError.TimedOut
expect 0 '^WSAECONNREFUSED \(10061' -- connectionrefused
expect 0 '^WSAEWOULDBLOCK \(10035' -- EAGAIN
expect 0 '^WSASYSCALLFAILURE \(10107' -- WSASYSALLFAILURE
expect 0 '^Windows: No connection could be made because the target machine actively refused it\.$' -- 10061
expect 0 '"system_message":"No connection could be made' -- --json 10061
expect 0 '"dotnet":"ConnectionRefused"' -- --json 10061
expect 0 '"dotnet":null' -- --json 6
expect 0 '"score":[0-9.]+,"confidence":0\.9[0-9]*,"matched":\["system_message"' -- --json -s "No connection could be made because the target machine actively refused it"
expect 2 'needs a query' -- -s
expect 0 '^WSA_INVALID_HANDLE \(6, 0x6\)' -- -l
expect 0 '^WSA_IPSEC_NAME_POLICY_ERROR \(11033' -- -l
expect 0 '"total":97' -- --json -l
expect 0 '^\{"code":10061,"name":"WSAECONNREFUSED"' -- --json 10061
expect 0 '"posix":null' -- --json 997
expect 0 '"items":\[\{"code":10061' -- --json -s econnrefused
expect 0 '^usage: wsaerr' -- --help
expect 0 '^wsaerr [0-9]+\.[0-9]+\.[0-9]+$' -- --version
# the neighbours' own reading, in the hints of their Winsock code
expect 0 '^  - If the log shows Win32 error 64, ERROR_NETNAME_DELETED' -- ERROR_NETNAME_DELETED
expect 0 '^  - If the log shows Win32 error 121, ERROR_SEM_TIMEOUT' -- 0x80070079
expect 2 'unknown option -x' -- -x
expect 2 'give one of' --
expect 2 'give one of' -- -l 10061

# --json -l holds all 97 code objects
n=$("$bin" --json -l | grep -o '"code":[0-9]*' | wc -l)
if [ "$n" -eq 97 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: --json -l holds $n code objects, not 97" >&2
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
