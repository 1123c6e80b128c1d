#ifndef VIRTUALTAP_CPROCESSTUNING_H
#define VIRTUALTAP_CPROCESSTUNING_H

/// Makes glibc's heap grow `bytes` at a time (M_TOP_PAD) instead of 128 KiB. For the
/// tapctl executable only: libraries leave the allocator to the program that embeds them.
/// Returns 1 on success.
int vt_set_heap_growth_step(int bytes);

#endif
