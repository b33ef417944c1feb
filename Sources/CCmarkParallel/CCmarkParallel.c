// Parallel parsing with libcmark-gfm 0.29.0.gfm.6 (../shared/facts/cmark-parallel-parse.c).
//
// The library keeps the GFM extensions' inline special characters in one global table: every
// cmark_parser_feed adds the parser's extension characters to it and every cmark_parser_finish
// removes them, so two parses on two threads corrupt each other (strikethrough and autolinks go
// missing). The library calls cmark_manage_extensions_special_characters through its PLT, so on
// Linux (ELF symbol interposition) this definition in the executable takes its place: it fills
// the table once, through the library's own function, and never empties it. Every Cairn parser
// attaches the same extensions, so the table is then right for all of them.
//
// CmarkRuntime counts the calls at start-up (cairn_cmark_special_character_calls): when the
// library did not call this definition (macOS's two-level namespace, a static libcmark-gfm),
// parses keep running one at a time under the parse lock.
#if defined(__linux__)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include "CCmarkParallel.h"

typedef struct cmark_parser cmark_parser;

static atomic_long calls;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Thread_local cmark_parser *first_parser;

static void add_once(void) {
    void (*real)(cmark_parser *, int) =
        (void (*)(cmark_parser *, int))dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    if (real) real(first_parser, 1);
}

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    atomic_fetch_add(&calls, 1);
    if (add) {
        first_parser = parser;
        pthread_once(&once, add_once);
    }
}

long cairn_cmark_special_character_calls(void) { return atomic_load(&calls); }
#else
#include "CCmarkParallel.h"
long cairn_cmark_special_character_calls(void) { return 0; }
#endif
