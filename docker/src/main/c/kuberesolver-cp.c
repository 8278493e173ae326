/*
 * kuberesolver-cp SOURCE DEST: copies one file, for the init container that puts the agent jar
 * into an emptyDir.
 *
 * Why a program of our own instead of busybox: the agent image is FROM scratch and should stay a
 * jar plus as little as possible. This freestanding binary (no libc, raw system calls, static) is
 * under 9 KB (mostly page alignment), has no third-party code (busybox is GPL-2.0 and would change the image's licence
 * and its CVE-scanner surface), and is built from this file by gcc during `mvn package`.
 *
 * Behaviour: DEST is created (mode 0644) or truncated; the copy is written to DEST.tmp first and
 * renamed, so a half-written jar is never left under the final name (an init container killed
 * mid-copy is simply run again). Exit status 0 on success, 1 on any error, 2 on bad usage, with a
 * one-line message on stderr. Supported: x86_64 and aarch64 Linux.
 */

typedef long ssize;

#if defined(__x86_64__)
#define SYS_read 0
#define SYS_write 1
#define SYS_close 3
#define SYS_exit 60
#define SYS_fsync 74
#define SYS_renameat 264
#define SYS_openat 257
static long sys3(long n, long a, long b, long c) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return r;
}
static long sys4(long n, long a, long b, long c, long d) {
  long r;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return r;
}
/* The kernel enters with argc at (%rsp); hand the stack pointer to c_start. */
__asm__(".text\n.global _start\n_start:\n xor %rbp,%rbp\n mov %rsp,%rdi\n and $-16,%rsp\n call c_start\n hlt\n");
#elif defined(__aarch64__)
#define SYS_read 63
#define SYS_write 64
#define SYS_close 57
#define SYS_exit 93
#define SYS_fsync 82
#define SYS_renameat 38
#define SYS_openat 56
static long sys4(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}
static long sys3(long n, long a, long b, long c) { return sys4(n, a, b, c, 0); }
__asm__(".text\n.global _start\n_start:\n mov x29, #0\n mov x0, sp\n bl c_start\n");
#else
#error "kuberesolver-cp supports x86_64 and aarch64 only"
#endif

#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_WRONLY 01
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_CLOEXEC 02000000
#define EINTR 4

static void die(const char *what, const char *path, int status) __attribute__((noreturn));

static unsigned long length(const char *s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

static void say(const char *s) { sys3(SYS_write, 2, (long) s, (long) length(s)); }

static void die(const char *what, const char *path, int status) {
  say("kuberesolver-cp: ");
  say(what);
  if (path) {
    say(" ");
    say(path);
  }
  say("\n");
  sys3(SYS_exit, status, 0, 0);
  for (;;) {
  }
}

static char buffer[65536];
static char temp[4096];

void c_start(long *sp) __attribute__((noreturn, used));

void c_start(long *sp) {
  long argc = sp[0];
  char **argv = (char **) (sp + 1);
  if (argc != 3) die("usage: kuberesolver-cp SOURCE DEST", 0, 2);
  const char *source = argv[1];
  const char *dest = argv[2];

  unsigned long n = length(dest);
  if (n + 5 > sizeof temp) die("destination path too long:", dest, 2);
  for (unsigned long i = 0; i < n; i++) temp[i] = dest[i];
  temp[n] = '.'; temp[n + 1] = 't'; temp[n + 2] = 'm'; temp[n + 3] = 'p'; temp[n + 4] = 0;

  long in = sys4(SYS_openat, AT_FDCWD, (long) source, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0) die("cannot open", source, 1);
  long out = sys4(SYS_openat, AT_FDCWD, (long) temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) die("cannot create", temp, 1);
  for (;;) {
    long got = sys3(SYS_read, in, (long) buffer, sizeof buffer);
    if (got == -EINTR) continue;
    if (got < 0) die("cannot read", source, 1);
    if (got == 0) break;
    for (long done = 0; done < got;) {
      long put = sys3(SYS_write, out, (long) (buffer + done), got - done);
      if (put == -EINTR) continue;
      if (put <= 0) die("cannot write", temp, 1);
      done += put;
    }
  }
  if (sys3(SYS_fsync, out, 0, 0) < 0) die("cannot sync", temp, 1);
  if (sys3(SYS_close, out, 0, 0) < 0) die("cannot close", temp, 1);
  sys3(SYS_close, in, 0, 0);
  if (sys4(SYS_renameat, AT_FDCWD, (long) temp, AT_FDCWD, (long) dest) < 0) die("cannot rename to", dest, 1);
  sys3(SYS_exit, 0, 0, 0);
  for (;;) {
  }
}
