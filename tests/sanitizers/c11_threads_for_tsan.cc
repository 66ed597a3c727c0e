// Linked into every executable of a ThreadSanitizer build (KS_SANITIZE=thread) and nowhere else.
//
// librdkafka (Debian's 2.0.2) starts its threads and locks its queues with glibc's C11 threads
// (thrd_create, mtx_lock, cnd_wait, ...). glibc implements them on its internal pthread
// functions, which no sanitizer runtime intercepts (GCC 12's and clang 14 to 19's alike:
// google/sanitizers#1603). TSan then meets threads it never saw start and crashes in the first
// callback librdkafka makes from one, and it would see none of librdkafka's locking, so every
// object handed between its threads and ours would look like a race.
//
// An executable's definitions come first in the dynamic linker's search, and the linker exports
// from the executable every symbol that a linked shared library refers to, so these definitions
// replace glibc's for librdkafka. Each does what glibc's does (nptl/thrd_create.c,
// nptl/mtx_init.c, ...: mtx_t, cnd_t and once_flag are glibc's pthread types under other names)
// but through the public pthread functions, which TSan intercepts. Only the functions
// librdkafka imports are here (`nm -D --undefined-only librdkafka.so.1`); thrd_current and
// thrd_equal need no interception.
#include <errno.h>
#include <pthread.h>
#include <threads.h>

#include <cstdint>

namespace {

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t));
static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t));
static_assert(sizeof(once_flag) == sizeof(pthread_once_t));

// glibc's thrd_err_map (sysdeps/pthread/thrd_priv.h).
int FromErrno(int err) {
  switch (err) {
    case 0:
      return thrd_success;
    case ENOMEM:
      return thrd_nomem;
    case ETIMEDOUT:
      return thrd_timedout;
    case EBUSY:
      return thrd_busy;
    default:
      return thrd_error;
  }
}

pthread_mutex_t* AsPthread(mtx_t* m) { return reinterpret_cast<pthread_mutex_t*>(m); }
pthread_cond_t* AsPthread(cnd_t* c) { return reinterpret_cast<pthread_cond_t*>(c); }

struct Start {
  thrd_start_t func;
  void* arg;
};

// A C11 thread returns an int; pthread_join hands it back as the thread's void* result.
void* RunC11Thread(void* p) {
  const Start start = *static_cast<Start*>(p);
  delete static_cast<Start*>(p);
  return reinterpret_cast<void*>(static_cast<intptr_t>(start.func(start.arg)));
}

}  // namespace

extern "C" {

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
  auto* start = new Start{func, arg};
  const int err = pthread_create(thr, nullptr, RunC11Thread, start);
  if (err != 0) delete start;
  return FromErrno(err);
}

int thrd_join(thrd_t thr, int* res) {
  void* result = nullptr;
  const int err = pthread_join(thr, &result);
  if (err == 0 && res != nullptr) *res = static_cast<int>(reinterpret_cast<intptr_t>(result));
  return FromErrno(err);
}

int mtx_init(mtx_t* m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  switch (type) {
    case mtx_plain:
    case mtx_timed:
      pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_NORMAL);
      break;
    case mtx_plain | mtx_recursive:
    case mtx_timed | mtx_recursive:
      pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
      break;
    default:
      pthread_mutexattr_destroy(&attr);
      return thrd_error;
  }
  const int err = pthread_mutex_init(AsPthread(m), &attr);
  pthread_mutexattr_destroy(&attr);
  return FromErrno(err);
}

int mtx_lock(mtx_t* m) { return FromErrno(pthread_mutex_lock(AsPthread(m))); }
int mtx_unlock(mtx_t* m) { return FromErrno(pthread_mutex_unlock(AsPthread(m))); }
void mtx_destroy(mtx_t* m) { pthread_mutex_destroy(AsPthread(m)); }

int cnd_init(cnd_t* c) { return FromErrno(pthread_cond_init(AsPthread(c), nullptr)); }
int cnd_signal(cnd_t* c) { return FromErrno(pthread_cond_signal(AsPthread(c))); }
int cnd_broadcast(cnd_t* c) { return FromErrno(pthread_cond_broadcast(AsPthread(c))); }
int cnd_wait(cnd_t* c, mtx_t* m) {
  return FromErrno(pthread_cond_wait(AsPthread(c), AsPthread(m)));
}
int cnd_timedwait(cnd_t* c, mtx_t* m, const struct timespec* deadline) {
  return FromErrno(pthread_cond_timedwait(AsPthread(c), AsPthread(m), deadline));
}
void cnd_destroy(cnd_t* c) { pthread_cond_destroy(AsPthread(c)); }

void call_once(once_flag* flag, void (*func)(void)) {
  pthread_once(reinterpret_cast<pthread_once_t*>(flag), func);
}

}  // extern "C"
