/* bench/pcre2scan.c — the bare-PCRE2 baseline of `make bench`.
 *
 *   pcre2scan [-j N] PATTERNFILE PATH...
 *
 * PATTERNFILE holds `FLAGS<TAB>PATTERN` lines as printed by
 * `outlint rules --patterns` (FLAGS: i caseless, x extended, m multiline,
 * `-` none).  Every pattern is compiled as outlint compiles it
 * (PCRE2_UTF|PCRE2_UCP|PCRE2_MATCH_INVALID_UTF plus the flags) and
 * JIT-compiled.  Each PATH is a file or a folder (walked recursively, all
 * regular files).  Every file is read with one read(), validated as UTF-8
 * once (a match with the check on, limit 0 … see below), then every pattern
 * is run over the whole text in a pcre2_match loop with PCRE2_NO_UTF_CHECK,
 * counting matches.  -j N splits the files over N threads (static
 * interleaving).  Prints: files, bytes, matches, seconds (wall, scan only).
 */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <fcntl.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pcre2_code **codes;
static size_t ncodes;
static char **files;
static size_t nfiles, capfiles;
static int nthreads = 1;

struct result { unsigned long long bytes, matches, invalid; };

static void addfile(const char *p)
{
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 1024;
        files = realloc(files, capfiles * sizeof *files);
        if (!files) { perror("realloc"); exit(2); }
    }
    files[nfiles++] = strdup(p);
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *p)
{
    struct stat st;
    if (stat(p, &st) != 0) { perror(p); exit(2); }
    if (S_ISREG(st.st_mode)) { addfile(p); return; }
    if (!S_ISDIR(st.st_mode)) return;
    DIR *d = opendir(p);
    if (!d) { perror(p); exit(2); }
    struct dirent *e;
    char sub[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(sub, sizeof sub, "%s/%s", p, e->d_name);
        walk(sub);
    }
    closedir(d);
}

static void load_patterns(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    char *line = NULL;
    size_t cap = 0, capc = 0;
    ssize_t len;
    unsigned lineno = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (len == 0) continue;
        char *tab = strchr(line, '\t');
        if (!tab) { fprintf(stderr, "%s:%u: no TAB, skipped\n", path, lineno); continue; }
        *tab = 0;
        uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        for (const char *c = line; *c; c++) {
            if (*c == 'i') opt |= PCRE2_CASELESS;
            else if (*c == 'x') opt |= PCRE2_EXTENDED;
            else if (*c == 'm') opt |= PCRE2_MULTILINE;
            else if (*c == 's') opt |= PCRE2_DOTALL;
        }
        int err;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)(tab + 1), PCRE2_ZERO_TERMINATED, opt, &err, &off, NULL);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            fprintf(stderr, "%s:%u: offset %zu: %s\n", path, lineno, (size_t)off, msg);
            exit(2);
        }
        if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
            fprintf(stderr, "%s:%u: JIT unavailable, interpreting\n", path, lineno);
        if (ncodes == capc) {
            capc = capc ? capc * 2 : 256;
            codes = realloc(codes, capc * sizeof *codes);
            if (!codes) { perror("realloc"); exit(2); }
        }
        codes[ncodes++] = re;
    }
    free(line);
    fclose(f);
}

struct job { int id; struct result r; };

static void *worker(void *arg)
{
    struct job *jb = arg;
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_jit_stack *js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    pcre2_jit_stack_assign(mc, NULL, js);
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = (size_t)jb->id; i < nfiles; i += (size_t)nthreads) {
        int fd = open(files[i], O_RDONLY);
        if (fd < 0) { perror(files[i]); continue; }
        struct stat st;
        if (fstat(fd, &st) != 0) { perror(files[i]); close(fd); continue; }
        size_t want = (size_t)st.st_size;
        if (want + 1 > cap) { cap = want + 1; buf = realloc(buf, cap); }
        ssize_t got = read(fd, buf, want); /* one read */
        close(fd);
        if (got < 0) { perror(files[i]); continue; }
        size_t n = (size_t)got;
        jb->r.bytes += n;
        /* validate once: a first match with the UTF check on */
        uint32_t mopt = PCRE2_NO_UTF_CHECK;
        if (ncodes) {
            int rc = pcre2_match(codes[0], (PCRE2_SPTR)buf, n, 0, 0, md, mc);
            if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
                jb->r.invalid++;
                mopt = 0; /* MATCH_INVALID_UTF copes; keep checking */
            }
        }
        for (size_t p = 0; p < ncodes; p++) {
            PCRE2_SIZE start = 0;
            for (;;) {
                int rc = pcre2_match(codes[p], (PCRE2_SPTR)buf, n, start, mopt, md, mc);
                if (rc < 0) break;
                jb->r.matches++;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                PCRE2_SIZE next = ov[1];
                if (next <= ov[0]) { /* empty match: step one code point */
                    next = ov[0] + 1;
                    while (next < n && ((unsigned char)buf[next] & 0xC0) == 0x80) next++;
                }
                if (next > n) break;
                start = next;
            }
        }
    }
    free(buf);
    pcre2_jit_stack_free(js);
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int a = 1;
    while (a < argc && argv[a][0] == '-' && argv[a][1]) {
        if (!strcmp(argv[a], "-j") && a + 1 < argc) { nthreads = atoi(argv[a + 1]); a += 2; }
        else if (!strncmp(argv[a], "-j", 2) && argv[a][2]) { nthreads = atoi(argv[a] + 2); a++; }
        else { fprintf(stderr, "pcre2scan: unknown option %s\n", argv[a]); return 2; }
    }
    if (nthreads < 1) nthreads = 1;
    if (argc - a < 2) { fprintf(stderr, "usage: pcre2scan [-j N] PATTERNFILE PATH...\n"); return 2; }
    double t0 = now();
    load_patterns(argv[a++]);
    for (; a < argc; a++) walk(argv[a]);
    qsort(files, nfiles, sizeof *files, cmpstr);
    double t1 = now();

    pthread_t *th = calloc((size_t)nthreads, sizeof *th);
    struct job *jobs = calloc((size_t)nthreads, sizeof *jobs);
    for (int t = 0; t < nthreads; t++) {
        jobs[t].id = t;
        if (pthread_create(&th[t], NULL, worker, &jobs[t]) != 0) { perror("pthread_create"); return 2; }
    }
    struct result tot = {0};
    for (int t = 0; t < nthreads; t++) {
        pthread_join(th[t], NULL);
        tot.bytes += jobs[t].r.bytes;
        tot.matches += jobs[t].r.matches;
        tot.invalid += jobs[t].r.invalid;
    }
    double t2 = now();
    printf("patterns %zu\nfiles %zu\nbytes %llu\nmatches %llu\ninvalid_utf8 %llu\nseconds %.6f\nsetup_seconds %.6f\n",
           ncodes, nfiles, tot.bytes, tot.matches, tot.invalid, t2 - t1, t1 - t0);
    for (size_t i = 0; i < ncodes; i++) pcre2_code_free(codes[i]);
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(codes); free(files); free(th); free(jobs);
    return 0;
}
