/* EdgeDistill instruction counter: a QEMU TCG plugin (QEMU 7.2 plugin API, version 1).
 *
 * Counts every executed guest instruction, and the instructions executed between the entries of the
 * firmware's marker functions (startup.c): one segment per invoke() and one per operator, in order.
 * Each count is a mix of five numbers: all instructions, loads, stores, branches and multiplies
 * (classified from the Thumb-2 or the A64 encoding; see docs/SIMULATOR.md for the cycle model that uses them).
 * Arguments (name=value): invoke_begin, invoke_end, operator_begin, operator_end (marker addresses,
 * hexadecimal, Thumb bit ignored), isa (thumb, the default, or a64) and out (report path). The report is text:
 *   total N LOADS STORES BRANCHES MULTIPLIES
 *   invoke N LOADS STORES BRANCHES MULTIPLIES      (one line per invoke, in order)
 *   operator N LOADS STORES BRANCHES MULTIPLIES    (one line per operator run, in order)
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
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
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

/* Instruction classes counted beside the total. */
enum class { ALL, LOADS, STORES, BRANCHES, MULTIPLIES, CLASS_COUNT };

/* Classifies one Thumb or Thumb-2 instruction (little-endian halfwords) as a set of class bits. */
static unsigned classify(const uint8_t *bytes, size_t size) {
    unsigned first = (unsigned)bytes[0] | (unsigned)bytes[1] << 8;
    unsigned bits = 1u << ALL;
    if (size == 2) {
        if ((first & 0xF800) == 0x4800) bits |= 1u << LOADS;                                 /* LDR literal */
        else if ((first & 0xF000) == 0x5000) bits |= 1u << (((first >> 9) & 7) >= 3 ? LOADS : STORES);
        else if ((first & 0xE000) == 0x6000 || (first & 0xF000) == 0x8000 || (first & 0xF000) == 0x9000
                 || (first & 0xF000) == 0xC000) bits |= 1u << ((first & 0x0800) ? LOADS : STORES);
        else if ((first & 0xFE00) == 0xB400) bits |= 1u << STORES;                           /* PUSH */
        else if ((first & 0xFE00) == 0xBC00) bits |= 1u << LOADS | ((first & 0x0100) ? 1u << BRANCHES : 0); /* POP */
        else if ((first & 0xF000) == 0xD000 && (first & 0x0E00) != 0x0E00) bits |= 1u << BRANCHES; /* B<cond> */
        else if ((first & 0xF800) == 0xE000 || (first & 0xFF00) == 0x4700 || (first & 0xF500) == 0xB100)
            bits |= 1u << BRANCHES;                                                          /* B, BX/BLX, CBZ/CBNZ */
        else if ((first & 0xFFC0) == 0x4340) bits |= 1u << MULTIPLIES;                       /* MULS */
        return bits;
    }
    unsigned second = (unsigned)bytes[2] | (unsigned)bytes[3] << 8;
    if ((first & 0xFE00) == 0xF800 || (first & 0xFE00) == 0xE800) {                          /* single, multiple, dual */
        bits |= 1u << ((first & 0x0010) ? LOADS : STORES);
        if ((first & 0xFFD0) == 0xE890 && (second & 0x8000)) bits |= 1u << BRANCHES;         /* LDM/POP with PC */
    } else if ((first & 0xF800) == 0xF000 && (second & 0x8000)) {
        bits |= 1u << BRANCHES;                                                              /* B, BL, B<cond> */
    } else if ((first & 0xFF00) == 0xFB00) {
        bits |= 1u << MULTIPLIES;                                                            /* MUL, MLA, SMLAD, SMULL, … */
    } else if ((first & 0xEE00) == 0xEC00 && (first & 0x0100 || (first & 0x0180) == 0x0080)) {
        bits |= 1u << ((first & 0x0010) ? LOADS : STORES);                                   /* VLDR/VSTR/VLDM/VSTM */
    }
    return bits;
}

/* Classifies one A64 instruction (little-endian word) as a set of class bits. Loads and stores are
 * the load/store encoding group (scalar, pair, exclusive, SIMD structures); branches are B, BL,
 * B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET; multiplies are the integer multiply(-add)s (MADD, MSUB,
 * SMULL, UMULH, …), the scalar floating-point multiplies, and the SIMD multiplies (MUL, MLA, SMULL,
 * SMLAL, SQDMULH, SQRDMULH, SDOT, FMUL, FMLA, and every by-element form). */
static unsigned classify_a64(const uint8_t *bytes) {
    uint32_t insn = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
    unsigned bits = 1u << ALL;
    if ((insn & 0x0A000000) == 0x08000000) {                                     /* loads and stores */
        int load;
        if ((insn & 0x3B000000) == 0x18000000) load = 1;                         /* LDR (literal) */
        else if ((insn & 0x3A000000) == 0x38000000)                              /* register forms: opc */
            load = (insn & (1u << 26)) ? (insn >> 22) & 1 : ((insn >> 22) & 3) != 0;
        else load = (insn >> 22) & 1;                                            /* pair, exclusive, structures: L */
        bits |= 1u << (load ? LOADS : STORES);
    } else if ((insn & 0x1C000000) == 0x14000000) {                              /* branches, exceptions, system */
        unsigned top = insn >> 24;
        if (top != 0xD4 && top != 0xD5) bits |= 1u << BRANCHES;
    } else if ((insn & 0x1F000000) == 0x1B000000) {
        bits |= 1u << MULTIPLIES;                                                /* MADD, MSUB, SMADDL, SMULH, … */
    } else if ((insn & 0x5F000000) == 0x1F000000 || ((insn & 0x5F200C00) == 0x1E200800 && ((insn >> 12) & 7) == 0)) {
        bits |= 1u << MULTIPLIES;                                                /* FMADD…, FMUL, FNMUL (scalar) */
    } else if ((insn & 0x9F000400) == 0x0F000000 || (insn & 0xDF000400) == 0x5F000000) {
        bits |= 1u << MULTIPLIES;                                                /* SIMD by element */
    } else if ((insn & 0x9F200400) == 0x0E200400 || (insn & 0xDF200400) == 0x5E200400) {
        unsigned opcode = (insn >> 11) & 0x1F;                                   /* SIMD three same */
        if (opcode == 0x12 || opcode == 0x13 || opcode == 0x16 || opcode == 0x19 || opcode == 0x1B) bits |= 1u << MULTIPLIES;
    } else if ((insn & 0x9F200C00) == 0x0E200000) {
        unsigned opcode = (insn >> 12) & 0xF;                                    /* SIMD three different */
        if (opcode >= 0x8 && opcode <= 0xE) bits |= 1u << MULTIPLIES;
    } else if ((insn & 0x9F20FC00) == 0x0E009400) {
        bits |= 1u << MULTIPLIES;                                                /* SDOT, UDOT (vector) */
    }
    return bits;
}

static int a64;

/* The running counts (single vCPU). Whole translation blocks are added before they execute, so a
 * marker callback subtracts the instructions of its own block that have not run yet. */
static uint64_t executed[CLASS_COUNT];

struct segments { uint64_t (*counts)[CLASS_COUNT]; size_t count, capacity; uint64_t start[CLASS_COUNT]; };
static struct segments invokes, operators;

/* What a marker callback needs: which marker, and the counts of its block from this instruction on. */
struct marker_site { enum marker marker; uint64_t remaining[CLASS_COUNT]; };

static void on_marker(unsigned int vcpu, void *userdata) {
    (void)vcpu;
    const struct marker_site *site = userdata;
    uint64_t now[CLASS_COUNT];
    for (int c = 0; c < CLASS_COUNT; c++) now[c] = executed[c] - site->remaining[c];
    struct segments *s = (site->marker == INVOKE_BEGIN || site->marker == INVOKE_END) ? &invokes : &operators;
    if (site->marker == INVOKE_BEGIN || site->marker == OPERATOR_BEGIN) {
        memcpy(s->start, now, sizeof now);
        return;
    }
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 1024;
        s->counts = realloc(s->counts, s->capacity * sizeof *s->counts);
        if (!s->counts) abort();
    }
    for (int c = 0; c < CLASS_COUNT; c++) s->counts[s->count][c] = now[c] - s->start[c];
    s->count++;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    unsigned classes[n ? n : 1];
    uint64_t block[CLASS_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const uint8_t *data = qemu_plugin_insn_data(insn);
        classes[i] = a64 ? classify_a64(data) : classify(data, qemu_plugin_insn_size(insn));
        for (int c = 0; c < CLASS_COUNT; c++) block[c] += (classes[i] >> c) & 1;
    }
    for (int c = 0; c < CLASS_COUNT; c++) {
        if (block[c]) qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed[c], block[c]);
    }
    uint64_t before[CLASS_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t address = qemu_plugin_insn_vaddr(insn) & ~(uint64_t)1;
        for (int m = 0; m < MARKER_COUNT; m++) {
            if (marker_addresses[m] && address == marker_addresses[m]) {
                /* One small allocation per translation of a marker's block; QEMU never frees TB userdata. */
                struct marker_site *site = malloc(sizeof *site);
                if (!site) abort();
                site->marker = (enum marker)m;
                for (int c = 0; c < CLASS_COUNT; c++) site->remaining[c] = block[c] - before[c];
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS, site);
            }
        }
        for (int c = 0; c < CLASS_COUNT; c++) before[c] += (classes[i] >> c) & 1;
    }
}

static void write_counts(FILE *file, const char *name, const uint64_t counts[CLASS_COUNT]) {
    fprintf(file, "%s", name);
    for (int c = 0; c < CLASS_COUNT; c++) fprintf(file, " %" PRIu64, counts[c]);
    fprintf(file, "\n");
}

static void write_segments(FILE *file, const char *name, const struct segments *s) {
    for (size_t i = 0; i < s->count; i++) write_counts(file, name, s->counts[i]);
}

static void on_exit_report(qemu_plugin_id_t id, void *userdata) {
    (void)id;
    (void)userdata;
    FILE *file = report_path ? fopen(report_path, "w") : stderr;
    if (!file) return;
    write_counts(file, "total", executed);
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
        if (length == 3 && strncmp(argv[i], "isa", 3) == 0) {
            if (strcmp(equals + 1, "a64") == 0) a64 = 1;
            else if (strcmp(equals + 1, "thumb") == 0) a64 = 0;
            else return -1;
            continue;
        }
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
