#ifndef CAIRN_CMARK_PARALLEL_H
#define CAIRN_CMARK_PARALLEL_H

/// How many times libcmark-gfm called Cairn's definition of
/// cmark_manage_extensions_special_characters (see CCmarkParallel.c): above zero once a parse
/// has run, the definition took the library's place and parses may run in parallel.
long cairn_cmark_special_character_calls(void);

#endif
