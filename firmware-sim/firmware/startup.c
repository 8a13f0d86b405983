/* EdgeDistill firmware startup for the QEMU MPS2 Cortex-M boards (mps2-an386, mps2-an500).
 *
 * Vector table, .data copy and .bss clear, FPU enable, stack painting (for the peak-stack report),
 * ARM semihosting output and exit, and the marker functions the instruction-counting plugin watches.
 * The Swift side (FirmwareMain.swift) does the work; everything printed is one line starting "EDGE ".
 */
#include <stdint.h>

extern uint32_t edge_data_start, edge_data_end, edge_data_load, edge_bss_start, edge_bss_end;
extern uint32_t edge_stack_bottom, edge_stack_top;

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

void edge_reset(void);
void edge_fault(void);

#define STACK_PAINT 0xC5C5C5C5u

enum { SYS_WRITE0 = 0x04, SYS_EXIT = 0x18 };
enum { ADP_STOPPED_APPLICATION_EXIT = 0x20026, ADP_STOPPED_RUNTIME_ERROR = 0x20023 };

static int semihost(int operation, const void *argument) {
    register int r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void print_text(const char *text) { semihost(SYS_WRITE0, text); }

static __attribute__((noreturn)) void exit_with(int success) {
    semihost(SYS_EXIT, (const void *)(uintptr_t)(success ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR));
    for (;;) {}
}

#include "reports.h"

/* The toolchain's abort() would pull in newlib's signal machinery; a Swift trap lands here. */
void abort(void) {
    print_text("EDGE ERROR trap\n");
    exit_with(0 == 1);
}

void edge_fault(void) {
    print_text("EDGE ERROR fault\n");
    exit_with(0 == 1);
}

__attribute__((section(".vectors"), used)) const uintptr_t edge_vectors[16] = {
    (uintptr_t)&edge_stack_top, (uintptr_t)&edge_reset, (uintptr_t)&edge_fault, (uintptr_t)&edge_fault,
    (uintptr_t)&edge_fault, (uintptr_t)&edge_fault, (uintptr_t)&edge_fault, 0, 0, 0, 0,
    (uintptr_t)&edge_fault, (uintptr_t)&edge_fault, 0, (uintptr_t)&edge_fault, (uintptr_t)&edge_fault,
};

static void report_stack(void) {
    const uint32_t *word = &edge_stack_bottom;
    while (word < &edge_stack_top && *word == STACK_PAINT) word++;
    uint32_t used = (uint32_t)((uintptr_t)&edge_stack_top - (uintptr_t)word);
    char line[48];
    char *cursor = append_decimal(append_text(line, "EDGE STACK "), used);
    *cursor++ = '\n';
    *cursor = 0;
    print_text(line);
}

void edge_reset(void) {
    /* CPACR: full access to CP10 and CP11 (the single-precision FPU). */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (uint32_t *source = &edge_data_load, *target = &edge_data_start; target < &edge_data_end;) *target++ = *source++;
    for (uint32_t *target = &edge_bss_start; target < &edge_bss_end;) *target++ = 0;
    /* Paint the stack below this frame, keeping 256 bytes of margin under the current pointer. */
    uint32_t here;
    __asm__ volatile("mov %0, sp" : "=r"(here));
    for (volatile uint32_t *word = &edge_stack_bottom; (uintptr_t)word < here - 256; word++) *word = STACK_PAINT;
    int32_t status = edge_firmware_main(edge_model, (int32_t)edge_model_bytes, edge_inputs, (int32_t)edge_input_rows,
                                        edge_arena, (int32_t)edge_arena_bytes, edge_arena1, (int32_t)edge_arena1_bytes,
                                        edge_arena2, (int32_t)edge_arena2_bytes, edge_arena3, (int32_t)edge_arena3_bytes, edge_workspace,
                                        (int32_t)edge_workspace_bytes, (int32_t)edge_kernels,
                                        edge_frontend, (int32_t)edge_frontend_bytes);
    report_stack();
    exit_with(status == 0);
}
