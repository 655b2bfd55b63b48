// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 0 %wqdep -p %t --no-db %s 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %gen-compdb -o %t/direct -DDIRECT %s
// RUN: %expect-exit 1 %wqdep -p %t/direct --no-db %s 2>&1 | FileCheck %s --check-prefix=DIRECT
//
// schedule() is modelled, not analysed (lib/Facts/KernelModel.cpp): what it
// calls on the way to switching tasks (the task's block plug in
// sched_submit_work(), here plug_flush) depends on per-task state, and as
// call edges it made every function that sleeps reach every bio completion
// handler. The same call made directly is followed (-DDIRECT).
// CHECK: wqdep: 0 findings in 1 translation unit
// DIRECT: warning: WQ_MEM_RECLAIM 'reclaim':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plain':plain_fn
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct r, p; } *dev;
static void plain_fn(struct work_struct *w) {}
static void plug_flush(void) { flush_work(&dev->p); }

void schedule(void)
{
	plug_flush();	/* stands for sched_submit_work() -> blk_flush_plug() */
}

static void reclaim_fn(struct work_struct *w)
{
#ifdef DIRECT
	plug_flush();
#else
	schedule();
#endif
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->r, reclaim_fn);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->r);
	queue_work(plain_wq, &dev->p);
}
