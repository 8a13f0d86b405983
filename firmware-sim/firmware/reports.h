/* EdgeDistill firmware reports and markers, shared by startup.c (Cortex-M) and startup-aarch64.c
 * (Cortex-A): the "EDGE " lines the emulator reads and the marker functions the instruction-counting
 * plugin watches. Included once per image, after the including file defines print_text().
 */
#ifndef EDGE_REPORTS_H
#define EDGE_REPORTS_H

#include <stdint.h>

static char *append_text(char *cursor, const char *text) {
    while (*text) *cursor++ = *text++;
    return cursor;
}

static char *append_decimal(char *cursor, unsigned long value) {
    char digits[20];
    int count = 0;
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value);
    while (count) *cursor++ = digits[--count];
    return cursor;
}

/* "EDGE <tag> <index> <hex bytes>": bytes printed in chunks that join into one console line. */
static void report_bytes(const char *tag, int32_t index, const uint8_t *bytes, int32_t count) {
    static const char hex[] = "0123456789abcdef";
    char line[160];
    char *cursor = append_decimal(append_text(append_text(line, "EDGE "), tag), (uint32_t)index);
    *cursor++ = ' ';
    for (int32_t i = 0; i < count; i++) {
        *cursor++ = hex[bytes[i] >> 4];
        *cursor++ = hex[bytes[i] & 15];
        if (cursor - line > 140) { *cursor = 0; print_text(line); cursor = line; }
    }
    *cursor++ = '\n';
    *cursor = 0;
    print_text(line);
}

/* "EDGE OUTPUT <row> <hex bytes>": one output tensor. */
void edge_report_output(int32_t row, const uint8_t *bytes, int32_t count) { report_bytes("OUTPUT ", row, bytes, count); }

/* "EDGE TENSOR <operator> <hex bytes>": one output of an operator, in an image built to dump them. */
void edge_report_tensor(int32_t op, const uint8_t *bytes, int32_t count) { report_bytes("TENSOR ", op, bytes, count); }

/* "EDGE ERROR <code>": 1 the model, arena or workspace was rejected; 2 the kernel family is not in the image. */
void edge_report_error(int32_t code) {
    char line[48];
    char *cursor = append_decimal(append_text(line, "EDGE ERROR "), (uint32_t)code);
    *cursor++ = '\n';
    *cursor = 0;
    print_text(line);
}

/* Marker functions: the plugin counts instructions between their entries. Each stores a distinct
 * value so that no compiler folds two of them into one address. */
volatile int32_t edge_marker_state;
__attribute__((noinline, used)) void edge_marker_invoke_begin(void) { edge_marker_state = -1; }
__attribute__((noinline, used)) void edge_marker_invoke_end(void) { edge_marker_state = -2; }
__attribute__((noinline, used)) void edge_marker_operator_begin(int32_t index) { edge_marker_state = index; }
__attribute__((noinline, used)) void edge_marker_operator_end(int32_t index) { edge_marker_state = -3 - index; }

#endif
