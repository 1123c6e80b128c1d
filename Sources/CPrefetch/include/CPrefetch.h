#ifndef VIRTUALTAP_CPREFETCH_H
#define VIRTUALTAP_CPREFETCH_H

/// Asks the CPU to bring the cache line holding `address` in for reading, without
/// waiting for it. Only a hint: any address is allowed (nothing is read, nothing
/// can fault), and it changes no program state. Swift has no prefetch of its own.
static inline void vt_prefetch_for_reading(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
