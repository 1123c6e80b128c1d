/* LD_PRELOAD allocation counter for tests: counts malloc/calloc/realloc/aligned allocations
   and prints "vt-malloc-count=N" on stderr at exit. Built by the tests with cc. */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
static atomic_ulong count;
void *malloc(size_t n) { atomic_fetch_add(&count, 1); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { atomic_fetch_add(&count, 1); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { atomic_fetch_add(&count, 1); return __libc_realloc(p, n); }
void *aligned_alloc(size_t a, size_t n) { atomic_fetch_add(&count, 1); return __libc_memalign(a, n); }
int posix_memalign(void **p, size_t a, size_t n) { atomic_fetch_add(&count, 1); *p = __libc_memalign(a, n); return *p ? 0 : 12; }
__attribute__((destructor)) static void report(void) {
    char b[64]; int l = snprintf(b, sizeof b, "vt-malloc-count=%lu\n", (unsigned long)atomic_load(&count)); write(2, b, l);
}
