#ifndef EDGE_DISTILL_ALLOCATION_COUNTER_H
#define EDGE_DISTILL_ALLOCATION_COUNTER_H

/// Number of heap allocations (malloc, calloc, realloc, aligned allocations) made by the calling
/// thread since it started. The test process's allocator entry points count into it, so a test can
/// prove that a piece of code allocates nothing.
long edge_distill_thread_allocation_count(void);

#endif
