#pragma once

namespace ks {

/// The mmap threshold `run` fixes on an external cluster (mallopt(3) M_MMAP_THRESHOLD), in
/// bytes: a block from this size up is mapped on its own and goes back to the system when freed.
inline constexpr int kMmapThresholdBytes = 1 << 20;

/// Fixes glibc malloc's mmap threshold at kMmapThresholdBytes (1 MiB), so that large blocks
/// freed are returned to the system rather than kept. `run` calls it, before its clients'
/// threads start, when the cluster is external (a real one, or `kafka-scenario broker`).
/// Returns false when the allocator refused (a sanitizer's, which ignores mallopt); the process
/// works either way, only holding more memory.
///
/// Why (glibc's malloc.c; mallopt(3), "M_MMAP_THRESHOLD"): by default the threshold is dynamic.
/// Freeing a mapped block raises it to that block's size (up to 32 MiB) and the trim threshold
/// to twice that, so later blocks of that size come from the heaps and stay there once freed:
/// a thread arena's free top is kept up to the trim threshold, and malloc_trim(3) does not trim
/// it. librdkafka's threads free their buffers that way, and a run's checks then allocated
/// their tables on top: a 3M-record run peaked at 441 MiB, 399 with the threshold fixed
/// (bench/README.md, "Memory of a 3M- and a 10M-record run").
///
/// Why not always: memory kept is memory reused, and on the project's VMs a page faulted anew
/// costs 2 to 4 ms a MiB. The embedded cluster in the process allocates and frees buffers of
/// several MiB for every fetch: with the threshold fixed, bench_throughput's plain librdkafka
/// loop fell from 490-630k to 320-450k records/s. The checks allocate and free tables of tens
/// of MiB one after another: Judge() over 10.2M ops (bench_checks) took 1.21 s instead of 0.77.
/// So `check`, `report`, `broker` and a run on the embedded cluster keep glibc's default.
bool UseFixedMmapThreshold();

}  // namespace ks
