#ifndef CAIRN_SYSTEM_SHIM_H
#define CAIRN_SYSTEM_SHIM_H

/// Atomically exchanges two paths (both must exist): renameat2(RENAME_EXCHANGE) on Linux,
/// renamex_np(RENAME_SWAP) on macOS. Returns 0, or -1 with errno set.
int cairn_exchange_paths(const char *first, const char *second);

/// Flushes everything written on the file system holding `path` (a folder) to disk: syncfs on
/// Linux, fsync plus sync elsewhere. Returns 0, or -1 with errno set.
int cairn_sync_filesystem(const char *path);

/// Returns freed heap memory to the system where the C library keeps it (glibc's
/// malloc_trim); does nothing elsewhere.
void cairn_return_free_memory(void);

#endif
