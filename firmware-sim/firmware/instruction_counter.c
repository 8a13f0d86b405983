/* EdgeDistill instruction counter: a QEMU TCG plugin (QEMU 7.2 plugin API, version 1).
 *
 * Counts every executed guest instruction, and the instructions executed between the entries of the
 * firmware's marker functions (startup.c): one segment per invoke() and one per operator, in order.
 * Arguments (name=value): invoke_begin, invoke_end, operator_begin, operator_end (marker addresses,
 * hexadecimal, Thumb bit ignored) and out (report path). The report is text:
 *   total N
 *   invoke N            (one line per invoke, in order)
 *   operator N          (one line per operator run, in order)
 *
 * Debian's QEMU ships no qemu-plugin.h, so the few declarations of the stable plugin API used here are
 * written out below (they match QEMU's public include/qemu/qemu-plugin.h for versions 1 and 2).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t index);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr,
                                              uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

enum marker { INVOKE_BEGIN, INVOKE_END, OPERATOR_BEGIN, OPERATOR_END, MARKER_COUNT };
static const char *marker_names[MARKER_COUNT] = {"invoke_begin", "invoke_end", "operator_begin", "operator_end"};
static uint64_t marker_addresses[MARKER_COUNT];
static char *report_path;

/* The running count (single vCPU). Whole translation blocks are added before they execute, so a
 * marker callback subtracts the instructions of its own block that have not run yet. */
static uint64_t executed;

struct segments { uint64_t *counts; size_t count, capacity; uint64_t start; };
static struct segments invokes, operators;

static void begin(struct segments *s, uint64_t now) { s->start = now; }

static void end(struct segments *s, uint64_t now) {
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 1024;
        s->counts = realloc(s->counts, s->capacity * sizeof *s->counts);
        if (!s->counts) abort();
    }
    s->counts[s->count++] = now - s->start;
}

/* userdata packs the marker (low 2 bits) and the number of instructions of the block from this one on. */
static void on_marker(unsigned int vcpu, void *userdata) {
    (void)vcpu;
    uintptr_t packed = (uintptr_t)userdata;
    uint64_t now = executed - (packed >> 2);
    switch ((enum marker)(packed & 3)) {
    case INVOKE_BEGIN: begin(&invokes, now); break;
    case INVOKE_END: end(&invokes, now); break;
    case OPERATOR_BEGIN: begin(&operators, now); break;
    case OPERATOR_END: end(&operators, now); break;
    default: break;
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed, n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t address = qemu_plugin_insn_vaddr(insn) & ~(uint64_t)1;
        for (int m = 0; m < MARKER_COUNT; m++) {
            if (marker_addresses[m] && address == marker_addresses[m]) {
                uintptr_t packed = ((uintptr_t)(n - i) << 2) | (uintptr_t)m;
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS, (void *)packed);
            }
        }
    }
}

static void write_segments(FILE *file, const char *name, const struct segments *s) {
    for (size_t i = 0; i < s->count; i++) fprintf(file, "%s %" PRIu64 "\n", name, s->counts[i]);
}

static void on_exit_report(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    FILE *file = report_path ? fopen(report_path, "w") : stderr;
    if (!file) return;
    fprintf(file, "total %" PRIu64 "\n", executed);
    write_segments(file, "invoke", &invokes);
    write_segments(file, "operator", &operators);
    if (file != stderr) fclose(file);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++) {
        char *equals = strchr(argv[i], '=');
        if (!equals) return -1;
        size_t length = (size_t)(equals - argv[i]);
        if (length == 3 && strncmp(argv[i], "out", 3) == 0) { report_path = strdup(equals + 1); continue; }
        int matched = 0;
        for (int m = 0; m < MARKER_COUNT; m++) {
            if (strlen(marker_names[m]) == length && strncmp(argv[i], marker_names[m], length) == 0) {
                marker_addresses[m] = strtoull(equals + 1, NULL, 16) & ~(uint64_t)1;
                matched = 1;
            }
        }
        if (!matched) return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit_report, NULL);
    return 0;
}
