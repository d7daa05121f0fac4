/* fuzz_lsp: the language server end to end — Content-Length framing, the
 * JSON parser, JSON-RPC dispatch, the document store and the checks — on an
 * arbitrary byte stream. The input is the whole client side of a session:
 * it is put into a memory file that the server reads to its end, and the
 * answers go to /dev/null. A memory file, not a pipe: a pipe would block
 * once the input outgrows its buffer. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "checker/lsp/lsp.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ol_ruleset *rs;
static int devnull = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rs = fuzz_shipped_rules();
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0) {
		perror("fuzz_lsp: /dev/null");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("olfuzz-lsp", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t k = write(fd, data + off, size - off);
		if (k <= 0)
			abort();
		off += (size_t)k;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	struct ol_lsp_options opt = {0};
	ol_lsp_run(fd, devnull, rs, &opt);
	close(fd);
	return 0;
}
