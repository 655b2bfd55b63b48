// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --max-contexts=0 | FileCheck %s --implicit-check-not=warning:
//
// One work_struct field bound to different functions in different places
// (fs/nfs/localio.c: struct nfs_local_kiocb::work). Work items are named by
// type and field, so without more care every binding would run on every
// workqueue the field is queued on. wqdep pairs a queue with the binding
// made in the same function: INIT_WORK(&r->work, fn); queue_work(wq,
// &r->work) runs fn, and only fn, on wq. Where the queueing function does
// not bind the item, every binding counts (the conservative side).
#include <linux/workqueue.h>

struct target { struct work_struct w; };
struct target *tgt;
struct workqueue_struct *reclaim_wq, *plain_wq, *target_wq;

static void target_fn(struct work_struct *w) {}

struct req {
	struct work_struct work;
	void (*complete)(struct work_struct *);
};

static void flushes(void)
{
	flush_work(&tgt->w);
// CHECK: bind-and-queue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaim':fn_a is flushing !WQ_MEM_RECLAIM 'target':target_fn (and 3 more reclaim contexts) [wq-flush-dependency]
// CHECK-DAG: note: work item 'struct req::work' (fn_a) is queued on 'reclaim' here
// CHECK-DAG: note: work item 'struct req2::work' (fn_c) is queued on 'reclaim' here
// CHECK-DAG: note: work item 'struct req2::work' (fn_d) is queued on 'reclaim' here
// CHECK-DAG: note: work item 'struct req::work' (fn_e) is queued on 'reclaim' here
// CHECK-NOT: (fn_b)
// CHECK-NOT: (fn_f)
}

// Side 1: bound and queued in the same function.
static void fn_a(struct work_struct *w) { flushes(); }
static void fn_b(struct work_struct *w) { flushes(); }

void submit_a(struct req *r)
{
	INIT_WORK(&r->work, fn_a);
	queue_work(reclaim_wq, &r->work);
}

void submit_b(struct req *r)
{
	INIT_WORK(&r->work, fn_b);	/* runs on plain_wq only */
	queue_work(plain_wq, &r->work);
}

// Side 2: bound elsewhere; the queue runs every binding.
struct req2 { struct work_struct work; };
static void fn_c(struct work_struct *w) { flushes(); }
static void fn_d(struct work_struct *w) { flushes(); }
void init_c(struct req2 *r) { INIT_WORK(&r->work, fn_c); }
void init_d(struct req2 *r) { INIT_WORK(&r->work, fn_d); }
void submit2(struct req2 *r) { queue_work(reclaim_wq, &r->work); }

// Side 3: the function comes from a field: every function stored there.
static void fn_e(struct work_struct *w) { flushes(); }
static void fn_f(struct work_struct *w) { flushes(); }	/* never stored */
void setup(struct req *r) { r->complete = fn_e; }
void complete_async(struct req *r)
{
	INIT_WORK(&r->work, r->complete);
	queue_work(reclaim_wq, &r->work);
}

int init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	target_wq = alloc_workqueue("target", 0, 0);
	INIT_WORK(&tgt->w, target_fn);
	queue_work(target_wq, &tgt->w);
	(void)fn_f;
	return 0;
}
