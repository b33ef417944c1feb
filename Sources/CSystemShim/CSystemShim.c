#define _GNU_SOURCE
#include "CSystemShim.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif

int cairn_exchange_paths(const char *first, const char *second) {
#if defined(__linux__)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#elif defined(__APPLE__)
    return renamex_np(first, second, RENAME_SWAP);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int cairn_sync_filesystem(const char *path) {
    int folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return -1;
#if defined(__linux__)
    int result = syncfs(folder);
#else
    int result = fsync(folder);
    sync();
#endif
    int saved = errno;
    close(folder);
    errno = saved;
    return result;
}

#if defined(__GLIBC__)
#include <malloc.h>
void cairn_return_free_memory(void) { malloc_trim(0); }
#else
void cairn_return_free_memory(void) {}
#endif
