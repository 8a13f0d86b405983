/* EdgeDistill firmware startup for the QEMU `virt` board with a Cortex-A core (AArch64, EL1).
 *
 * What an application processor runs with: FP/SIMD enabled, identity-mapped translation tables with
 * the RAM as Normal write-back cacheable memory and the MMIO window as Device memory, the MMU and
 * caches on (with the MMU off every data access is Device memory and unaligned accesses fault).
 * Then .bss clear, stack painting (for the peak-stack report), AArch64 semihosting output and exit,
 * and the marker functions the instruction-counting plugin watches (as startup.c for Cortex-M).
 * There is no C library for aarch64-none-elf here: the few functions Embedded Swift and the runtime
 * call (memcpy, memmove, memset, memcmp, posix_memalign, free, abort) are defined below.
 * The Swift side (FirmwareMain.swift) does the work; everything printed is one line starting "EDGE ".
 */
#include <stddef.h>
#include <stdint.h>

extern uint64_t edge_bss_start, edge_bss_end;
extern uint64_t edge_stack_bottom, edge_stack_top;

/* Embedded by the firmware builder (generated model_data.S). */
extern const uint8_t edge_model[];
extern const uint32_t edge_model_bytes;
extern const uint8_t edge_inputs[];
extern const uint32_t edge_input_rows;
extern uint8_t edge_arena[];
extern const uint32_t edge_arena_bytes;
/* The arenas of memory regions 1-3 (one byte each when the model's plan does not use them). */
extern uint8_t edge_arena1[], edge_arena2[], edge_arena3[];
extern const uint32_t edge_arena1_bytes, edge_arena2_bytes, edge_arena3_bytes;
extern uint8_t edge_workspace[];
extern const uint32_t edge_workspace_bytes;
extern const uint32_t edge_kernels;
/* A speech front-end file (AudioFrontEndFile); zero bytes when the image runs a model. */
extern const uint8_t edge_frontend[];
extern const uint32_t edge_frontend_bytes;

/* FirmwareMain.swift */
int32_t edge_firmware_main(const uint8_t *model, int32_t modelBytes, const uint8_t *inputs, int32_t rows,
                           uint8_t *arena, int32_t arenaBytes, uint8_t *arena1, int32_t arena1Bytes,
                           uint8_t *arena2, int32_t arena2Bytes, uint8_t *arena3, int32_t arena3Bytes,
                           uint8_t *workspace, int32_t workspaceBytes,
                           int32_t kernels, const uint8_t *frontEnd, int32_t frontEndBytes);

void edge_start(void);

#define STACK_PAINT 0xC5C5C5C5C5C5C5C5ull

enum { SYS_WRITE0 = 0x04, SYS_EXIT = 0x18 };
enum { ADP_STOPPED_APPLICATION_EXIT = 0x20026, ADP_STOPPED_RUNTIME_ERROR = 0x20023 };

static uint64_t semihost(uint64_t operation, const void *argument) {
    register uint64_t x0 __asm__("x0") = operation;
    register const void *x1 __asm__("x1") = argument;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static void print_text(const char *text) { semihost(SYS_WRITE0, text); }

static __attribute__((noreturn)) void exit_with(int success) {
    /* The A64 SYS_EXIT takes a parameter block: reason and exit status. */
    uint64_t block[2] = {success ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR, success ? 0 : 1};
    semihost(SYS_EXIT, block);
    for (;;) {}
}

/* ---- The C library functions Embedded Swift and the runtime need. ---- */

void *memcpy(void *restrict destination, const void *restrict source, size_t count) {
    uint8_t *d = destination;
    const uint8_t *s = source;
    if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
        for (; count >= 8; count -= 8, d += 8, s += 8) *(uint64_t *)d = *(const uint64_t *)s;
    }
    while (count--) *d++ = *s++;
    return destination;
}

void *memmove(void *destination, const void *source, size_t count) {
    uint8_t *d = destination;
    const uint8_t *s = source;
    if (d <= s || d >= s + count) return memcpy(destination, source, count);
    while (count--) d[count] = s[count];
    return destination;
}

void *memset(void *destination, int value, size_t count) {
    uint8_t *d = destination;
    if (((uintptr_t)d & 7) == 0) {
        uint64_t word = (uint8_t)value * 0x0101010101010101ull;
        for (; count >= 8; count -= 8, d += 8) *(uint64_t *)d = word;
    }
    while (count--) *d++ = (uint8_t)value;
    return destination;
}

int memcmp(const void *left, const void *right, size_t count) {
    const uint8_t *a = left, *b = right;
    for (size_t i = 0; i < count; i++) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char *text) {
    size_t length = 0;
    while (text[length]) length++;
    return length;
}

/* The runtime allocates nothing after init (and the firmware nothing at all): a small bump heap
 * serves the Swift runtime's rare requests, and free() does nothing. */
static uint8_t heap[64 * 1024] __attribute__((aligned(16)));
static size_t heap_used;

int posix_memalign(void **memory, size_t alignment, size_t size) {
    if (alignment < 16) alignment = 16;
    size_t start = (heap_used + alignment - 1) & ~(alignment - 1);
    if (start + size > sizeof heap) return 12; /* ENOMEM */
    heap_used = start + size;
    *memory = heap + start;
    return 0;
}

void *malloc(size_t size) {
    void *memory;
    return posix_memalign(&memory, 16, size) == 0 ? memory : NULL;
}

void free(void *memory) { (void)memory; }

/* Hashing seeds (Set and Dictionary): deterministic, so that every run executes the same instructions. */
void arc4random_buf(void *buffer, size_t count) {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    for (uint8_t *byte = buffer; count--; byte++) {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17;
        *byte = (uint8_t)state;
    }
}

/* ---- Reports ---- */

#include "reports.h"

/* A Swift trap lands here. */
void abort(void) {
    print_text("EDGE ERROR trap\n");
    exit_with(0 == 1);
}

/* Every exception (a synchronous fault: alignment, translation, undefined instruction) lands here. */
void edge_fault(void) {
    print_text("EDGE ERROR fault\n");
    exit_with(0 == 1);
}

/* ---- Reset: stack, FP/SIMD (and SVE where the core has it), vectors, then C. ---- */

__asm__(
    "    .section .text.edge_reset, \"ax\"\n"
    "    .global edge_reset\n"
    "edge_reset:\n"
    "    ldr x0, =edge_stack_top\n"
    "    mov sp, x0\n"
    /* CPACR_EL1.FPEN = 0b11: FP/SIMD instructions do not trap at EL1 and EL0. On a core with SVE
     * (ID_AA64PFR0_EL1.SVE, bits 35:32; the Cortex-A710 image's compiler uses it) also ZEN = 0b11,
     * and ZCR_EL1.LEN = 0: 128-bit vectors, as the Cortex-A710 has (QEMU's `max` has longer ones). */
    "    mrs x2, id_aa64pfr0_el1\n"
    "    ubfx x2, x2, #32, #4\n"
    "    mov x0, #(3 << 20)\n"
    "    cbz x2, 1f\n"
    "    orr x0, x0, #(3 << 16)\n"
    "1:  msr cpacr_el1, x0\n"
    "    isb\n"
    "    cbz x2, 2f\n"
    "    msr S3_0_C1_C2_0, xzr\n" /* ZCR_EL1 */
    "2:\n"
    "    ldr x0, =edge_vectors\n"
    "    msr vbar_el1, x0\n"
    "    isb\n"
    "    b edge_start\n"
    /* The vector table: 16 entries of 128 bytes, 2 KiB aligned; all of them report a fault. */
    "    .section .text.edge_vectors, \"ax\"\n"
    "    .balign 2048\n"
    "edge_vectors:\n"
    "    .rept 16\n"
    "    b edge_fault\n"
    "    .balign 128\n"
    "    .endr\n");

/* Level-1 translation table (4 KiB granule, 32-bit input addresses: 4 entries of 1 GiB). */
/* Outside .bss: it is filled before .bss is cleared. */
static uint64_t translation_table[512] __attribute__((aligned(4096), section(".edge_tables")));

enum {
    ATTR_DEVICE = 0, /* MAIR index 0: Device-nGnRnE */
    ATTR_NORMAL = 1, /* MAIR index 1: Normal, inner and outer write-back, read and write allocate */
};

static void enable_mmu(void) {
    for (uint64_t i = 0; i < 4; i++) {
        uint64_t base = i << 30;
        /* 0x40000000-0x7FFFFFFF is the RAM; below it the flash and the MMIO devices. */
        uint64_t attributes = i == 1 ? (ATTR_NORMAL << 2 | 3u << 8) /* inner shareable */
                                     : (ATTR_DEVICE << 2 | 1ull << 54 /* XN */);
        translation_table[i] = base | attributes | 1u << 10 /* AF */ | 1u /* block */;
    }
    uint64_t mair = 0x00ull << (8 * ATTR_DEVICE) | 0xFFull << (8 * ATTR_NORMAL);
    /* T0SZ = 32 (4 GiB), walks through TTBR0 inner/outer write-back inner shareable, 4 KiB granule;
     * EPD1: no walks through TTBR1; IPS = 0 (32-bit physical addresses). */
    uint64_t tcr = 32u | 1u << 8 | 1u << 10 | 3u << 12 | 0u << 14 | 1u << 23;
    __asm__ volatile(
        "msr mair_el1, %0\n"
        "msr tcr_el1, %1\n"
        "msr ttbr0_el1, %2\n"
        "dsb sy\n"
        "tlbi vmalle1\n"
        "dsb sy\n"
        "isb\n" ::"r"(mair), "r"(tcr), "r"(translation_table) : "memory");
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr |= 1u << 0 | 1u << 2 | 1u << 12; /* M, C, I */
    sctlr &= ~(uint64_t)(1u << 1);         /* A: no alignment checks */
    __asm__ volatile("msr sctlr_el1, %0\n isb" ::"r"(sctlr) : "memory");
}

static void report_stack(void) {
    const uint64_t *word = &edge_stack_bottom;
    while (word < &edge_stack_top && *word == STACK_PAINT) word++;
    uint64_t used = (uint64_t)((uintptr_t)&edge_stack_top - (uintptr_t)word);
    char line[48];
    char *cursor = append_decimal(append_text(line, "EDGE STACK "), used);
    *cursor++ = '\n';
    *cursor = 0;
    print_text(line);
}

void edge_start(void) {
    enable_mmu();
    for (uint64_t *target = &edge_bss_start; target < &edge_bss_end;) *target++ = 0;
    /* Paint the stack below this frame, keeping 256 bytes of margin under the current pointer. */
    uintptr_t here;
    __asm__ volatile("mov %0, sp" : "=r"(here));
    for (volatile uint64_t *word = &edge_stack_bottom; (uintptr_t)word < here - 256; word++) *word = STACK_PAINT;
    int32_t status = edge_firmware_main(edge_model, (int32_t)edge_model_bytes, edge_inputs, (int32_t)edge_input_rows,
                                        edge_arena, (int32_t)edge_arena_bytes, edge_arena1, (int32_t)edge_arena1_bytes,
                                        edge_arena2, (int32_t)edge_arena2_bytes, edge_arena3, (int32_t)edge_arena3_bytes, edge_workspace,
                                        (int32_t)edge_workspace_bytes, (int32_t)edge_kernels,
                                        edge_frontend, (int32_t)edge_frontend_bytes);
    report_stack();
    exit_with(status == 0);
}
