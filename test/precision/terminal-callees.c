// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=ON-GONE --implicit-check-not=dead_ < %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-terminal-callees --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// RUN: %wqdep-facts -p %t %s | FileCheck %s --check-prefix=FACTS
//
// Nothing after a call that never returns, made on every run, runs: the
// calls and the flushes after panic(), do_exit(), BUG()
// (__builtin_unreachable()) or a call through a noreturn function pointer
// are not made. Each dead_* worker reaches the plain workqueue's flush only
// that way (the false paths, removed). The kept_* workers reach it in ways
// that do run, and stay (the real paths and the fallbacks):
//  - a panic() on one branch (`if (err) panic(); flush();` flushes when
//    there is no error: the rare branch is not what is cut);
//  - an argument of panic() itself, evaluated before the call;
//  - a call in the same statement as the noreturn call (the order of
//    evaluation is the compiler's);
//  - a label after it that an `asm goto` before it may jump to;
//  - the noreturn function's own body (panic() runs its notifier chain).
//
// ON:      "function": "flush_it",
// ON-DAG:  "function": "kept_branch",
// ON-DAG:  "function": "kept_arg",
// ON-DAG:  "function": "kept_same_stmt",
// ON-DAG:  "function": "kept_asm_goto",
// ON-DAG:  "function": "kept_own_body",
// ON-DAG:  "function": "kept_fsync",
// ON-GONE: "function": "flush_it",
// STATS:   "terminal_call_edges_removed": 4,
// STATS:   "terminal_effects_removed": 1,
// OFF-DAG: "function": "dead_panic",
// OFF-DAG: "function": "dead_bug",
// OFF-DAG: "function": "dead_exit_flush",
// OFF-DAG: "function": "dead_hook",
// OFF-DAG: "function": "dead_after_block",
// OFF-DAG: "function": "kept_branch",
// OFF-DAG: "function": "dead_fsync",
// OFF-NOT: terminal_call_edges_removed
// FACTS:      "name": "dead_after_block"
// FACTS:      {"arg_values":["nonzero"],"callee":"panic","callee_noreturn":true,
// FACTS-NEXT: {"after_noreturn":true,"callee":"{{.*}}:flush_it",
// FACTS:      "name": "kept_asm_goto"
// FACTS:      {"arg_values":["nonzero"],"callee":"panic","callee_noreturn":true,
// FACTS-NEXT: {"callee":"{{.*}}:flush_it",
// FACTS:      "name": "kept_same_stmt"
// FACTS:      {"arg_values":["nonzero"],"callee":"panic","callee_noreturn":true,
// FACTS-NEXT: {"callee":"{{.*}}:flush_and_count",
#include <linux/workqueue.h>
#include <linux/fs.h>

void panic(const char *fmt, ...) __attribute__((noreturn));
void do_exit(long code) __attribute__((noreturn));
const char *describe(void);
void (*die_hook)(void) __attribute__((noreturn));

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev {
	struct work_struct p, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, s0, s1;
	struct file *file;
} *dev;
static void plain_fn(struct work_struct *w) {}
static void flush_it(void) { flush_work(&dev->p); }
static const char *flush_and_describe(void) { flush_it(); return "x"; }
static int flush_and_count(void) { flush_it(); return 1; }

__attribute__((noreturn)) static void my_panic(void)
{
	flush_it();
	panic("my");
}

static void dead_panic(struct work_struct *w)
{
	panic("dead");
	flush_it();
}
static void dead_bug(struct work_struct *w)
{
	do {
		asm volatile("ud2");
		__builtin_unreachable();
	} while (0);
	flush_it();
}
static void dead_exit_flush(struct work_struct *w)
{
	do_exit(0);
	flush_work(&dev->p);
}
static void dead_hook(struct work_struct *w)
{
	die_hook();
	flush_it();
}
static void dead_after_block(struct work_struct *w)
{
	{
		panic("in a block");
	}
	if (w)
		flush_it();
}
static void kept_branch(struct work_struct *w)
{
	if (!w)
		panic("no work");
	flush_it();
}
static void kept_arg(struct work_struct *w)
{
	panic(flush_and_describe());
}
static void kept_same_stmt(struct work_struct *w)
{
	int n = (panic("now"), 0) + flush_and_count();
	(void)n;
}
static void kept_asm_goto(struct work_struct *w)
{
	asm goto("" :::: out);
	panic("not taken");
out:
	flush_it();
}
static void kept_own_body(struct work_struct *w)
{
	my_panic();
}

/* stacked-fs-io's sinks follow the same rule: file I/O after panic() is
 * not made, file I/O on the other branch is. */
static void dead_fsync(struct work_struct *w)
{
	panic("fsync");
	vfs_fsync(dev->file, 0);
}
static void kept_fsync(struct work_struct *w)
{
	if (!w)
		panic("fsync");
	vfs_fsync(dev->file, 0);
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(plain_wq, &dev->p);
	INIT_WORK(&dev->w0, dead_panic);
	INIT_WORK(&dev->w1, dead_bug);
	INIT_WORK(&dev->w2, dead_exit_flush);
	INIT_WORK(&dev->w3, dead_hook);
	INIT_WORK(&dev->w4, dead_after_block);
	INIT_WORK(&dev->w5, kept_branch);
	INIT_WORK(&dev->w6, kept_arg);
	INIT_WORK(&dev->w7, kept_same_stmt);
	INIT_WORK(&dev->w8, kept_asm_goto);
	INIT_WORK(&dev->w9, kept_own_body);
	queue_work(reclaim_wq, &dev->w0);
	queue_work(reclaim_wq, &dev->w1);
	queue_work(reclaim_wq, &dev->w2);
	queue_work(reclaim_wq, &dev->w3);
	queue_work(reclaim_wq, &dev->w4);
	queue_work(reclaim_wq, &dev->w5);
	queue_work(reclaim_wq, &dev->w6);
	queue_work(reclaim_wq, &dev->w7);
	queue_work(reclaim_wq, &dev->w8);
	queue_work(reclaim_wq, &dev->w9);
	INIT_WORK(&dev->s0, dead_fsync);
	INIT_WORK(&dev->s1, kept_fsync);
	queue_work(reclaim_wq, &dev->s0);
	queue_work(reclaim_wq, &dev->s1);
}
