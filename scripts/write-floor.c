// The floor of writing a site: the same folders and files (the same bytes) as a built output
// tree, created by THREADS threads with nothing else to do. scripts/bench.py runs it on each
// tool's output, right after deleting the previous copy, as the timed builds are run.
//
//     cc -O2 -pthread -o write-floor scripts/write-floor.c
//     write-floor REFERENCE DESTINATION THREADS
//
// Everything is read into memory first; the time printed covers only creating DESTINATION:
// the folders and files down to depth 2 by the main thread, then each depth-2 folder's subtree
// by one of the threads (subtrees handed out greedily by their file counts).
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *path;  // relative to the tree's root
    int folder;
    char *bytes;
    size_t size;
    int unit;  // the depth-2 subtree it belongs to, or -1 (made by the main thread)
} Entry;

static Entry *entries;
static int count, capacity;
static size_t rootLength;
static char **units;
static long *unitFiles;
static int *unitThread;
static int unitCount, unitCapacity;
static const char *destination;

// The walk is pre-order, so a depth-2 subtree's entries come one after another: an entry is in
// the last unit started, or starts a new one.
static int unitOf(const char *path) {
    const char *first = strchr(path, '/');
    const char *second = first ? strchr(first + 1, '/') : NULL;
    if (!second) return -1;
    size_t length = (size_t)(second - path);
    if (unitCount > 0 && strlen(units[unitCount - 1]) == length && !strncmp(units[unitCount - 1], path, length))
        return unitCount - 1;
    if (unitCount == unitCapacity) {
        unitCapacity = unitCapacity ? unitCapacity * 2 : 256;
        units = realloc(units, unitCapacity * sizeof *units);
        unitFiles = realloc(unitFiles, unitCapacity * sizeof *unitFiles);
        unitThread = realloc(unitThread, unitCapacity * sizeof *unitThread);
    }
    units[unitCount] = strndup(path, length);
    unitFiles[unitCount] = 0;
    return unitCount++;
}

static int visit(const char *path, const struct stat *status, int kind, struct FTW *walk) {
    (void)walk;
    if (strlen(path) <= rootLength) return 0;
    if (count == capacity) {
        capacity = capacity ? capacity * 2 : 4096;
        entries = realloc(entries, capacity * sizeof *entries);
    }
    Entry *entry = &entries[count++];
    entry->path = strdup(path + rootLength + 1);
    entry->folder = kind == FTW_D;
    entry->bytes = NULL;
    entry->size = 0;
    if (!entry->folder) {
        entry->size = (size_t)status->st_size;
        entry->bytes = malloc(entry->size + 1);
        int file = open(path, O_RDONLY);
        size_t done = 0;
        while (file >= 0 && done < entry->size) {
            ssize_t got = read(file, entry->bytes + done, entry->size - done);
            if (got <= 0) break;
            done += (size_t)got;
        }
        if (file >= 0) close(file);
    }
    entry->unit = unitOf(entry->path);
    if (entry->unit >= 0 && !entry->folder) unitFiles[entry->unit]++;
    return 0;
}

static void make(const Entry *entry) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", destination, entry->path);
    if (entry->folder) {
        mkdir(path, 0755);
        return;
    }
    int file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (file < 0) {
        perror(path);
        exit(1);
    }
    size_t done = 0;
    while (done < entry->size) {
        ssize_t wrote = write(file, entry->bytes + done, entry->size - done);
        if (wrote <= 0) break;
        done += (size_t)wrote;
    }
    close(file);
}

static void *work(void *argument) {
    int thread = (int)(long)argument;
    for (int i = 0; i < count; i++)
        if (entries[i].unit >= 0 && unitThread[entries[i].unit] == thread) make(&entries[i]);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: write-floor REFERENCE DESTINATION THREADS\n");
        return 2;
    }
    const char *reference = argv[1];
    destination = argv[2];
    int threads = atoi(argv[3]);
    if (threads < 1 || threads > 64) threads = 2;
    rootLength = strlen(reference);
    if (nftw(reference, visit, 64, FTW_PHYS) != 0) {  // pre-order: a folder before its contents
        perror(reference);
        return 1;
    }
    long load[64] = {0};
    for (int unit = 0; unit < unitCount; unit++) {
        int lightest = 0;
        for (int t = 1; t < threads; t++)
            if (load[t] < load[lightest]) lightest = t;
        unitThread[unit] = lightest;
        load[lightest] += unitFiles[unit] + 1;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    mkdir(destination, 0755);
    for (int i = 0; i < count; i++)
        if (entries[i].unit < 0) make(&entries[i]);
    pthread_t workers[64];
    for (long t = 0; t < threads; t++) pthread_create(&workers[t], NULL, work, (void *)t);
    for (int t = 0; t < threads; t++) pthread_join(workers[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    int files = 0, folders = 0;
    for (int i = 0; i < count; i++) entries[i].folder ? folders++ : files++;
    printf("%d files, %d folders, %.3f s\n", files, folders,
           (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    return 0;
}
