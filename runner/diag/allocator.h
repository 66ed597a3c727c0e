#pragma once

namespace ks {

/// The mmap threshold `run` fixes on an external cluster (mallopt(3) M_MMAP_THRESHOLD), in
/// bytes: a block from this size up that the arena's free memory cannot serve is mapped on its
/// own, and goes back to the system when freed.
inline constexpr int kMmapThresholdBytes = 1 << 20;

/// The trim threshold set with it (M_TRIM_THRESHOLD), in bytes: glibc's default, 128 KiB. A
/// heap keeps at most this much free memory at its top.
inline constexpr int kTrimThresholdBytes = 128 << 10;

/// Fixes glibc malloc's mmap threshold at kMmapThresholdBytes (1 MiB) and its trim threshold at
/// kTrimThresholdBytes, so that large blocks and the heaps' free tops go back to the system when
/// freed rather than being kept. `run` calls it when the cluster is external (a real one, or
/// `kafka-scenario broker`), after its one probe of the cluster and before the scenarios'
/// clients start. Returns false when mallopt refused (ASan's returns 0, or -1 in older
/// versions; glibc's 0 on error) or the C library is not glibc; under TSan, whose allocator
/// ignores the setting, it returns true. The process works either way, only holding more
/// memory.
///
/// Why (glibc's malloc.c; mallopt(3), "M_MMAP_THRESHOLD"): by default both thresholds are
/// dynamic. Freeing a mapped block larger than the mmap threshold (and at most 32 MiB) raises
/// the threshold to that block's size and the trim threshold to twice that, so later blocks
/// of that size come from the heaps and stay there once freed: a thread arena's free top is
/// kept up to the trim threshold, and malloc_trim(3) does not trim it (glibc's mtrim trims only
/// the main arena's top). librdkafka's threads free their buffers that way, and a run's checks
/// then allocated their tables on top: a 3M-record run outside the process peaked at 435 MiB
/// at the median, 398 with the mmap threshold fixed, 399 with both (bench/README.md, "Memory
/// of a 3M- and a 10M-record run"). Setting either turns the dynamic adjustment off for good.
///
/// The cost: memory kept is memory reused, and on the project's VMs pages faulted anew cost
/// about 2 to 4 ms a MiB. Judging after such a run is slower: Judge() over 10.2M ops
/// (bench_checks) took 1.21 s with the mmap threshold fixed against 0.77 s. The embedded
/// cluster in the process allocates and frees buffers of several MiB for every fetch: with the
/// mmap threshold fixed, bench_throughput's plain librdkafka loop fell from 490-630k to
/// 320-450k records/s. So `check`, `report`, `broker` and a run on the embedded cluster keep
/// glibc's default.
bool UseFixedMallocThresholds();

}  // namespace ks
