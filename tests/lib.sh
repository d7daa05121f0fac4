# tests/lib.sh: the start every test script shares. A script sources it and
# calls ol_test_init with its name, its usage and its arguments:
#
#   . "$(dirname "$0")/../lib.sh"
#   ol_test_init cli "run.sh OUTLINT_BINARY" 1 "$@"
#
# ol_test_init checks the number of arguments (exit 2 with the usage),
# makes BIN the absolute path of the first one and checks that it is an
# executable, and creates the scratch folder T, removed at exit (also when
# a test left it read-only); an interrupt exits with status 2.
ol_test_init() {
	_name=$1 _usage=$2 _nargs=$3
	shift 3
	if [ $# -ne "$_nargs" ]; then
		echo "usage: $_usage" >&2
		exit 2
	fi
	case $1 in
	/*) BIN=$1 ;;
	*) BIN=$(pwd)/$1 ;;
	esac
	if [ ! -x "$BIN" ]; then
		echo "$_name: $BIN is not an executable" >&2
		exit 2
	fi
	T=$(mktemp -d "${TMPDIR:-/tmp}/outlint-$_name.XXXXXX") || exit 2
	trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
	trap 'exit 2' INT TERM HUP
}
