#include "CProcessTuning.h"
#include <malloc.h>

int vt_set_heap_growth_step(int bytes) { return mallopt(M_TOP_PAD, bytes); }
