// Calling work->func from code is resolved to the function bound to that
// work item only, not to every work function: reclaim_fn runs 'safe'
// synchronously (directly and through run_now()), and flusher_fn, a work
// function that flushes a plain work item, is not reached. With -DRUN_FW
// reclaim_fn runs d->fw.func, which is flusher_fn, and the flush is
// reported through 'struct work_struct::func'.
// RUN: rm -rf %t && %gen-compdb -o %t/safe %s && %gen-compdb -o %t/fw -DRUN_FW %s
// RUN: %expect-exit 0 %wqdep -p %t/safe --format=json %s 2>/dev/null | FileCheck %s --check-prefix=SAFE
// RUN: %expect-exit 1 %wqdep -p %t/fw %s 2>/dev/null | FileCheck %s --implicit-check-not=warning:
// SAFE:     "indirect_call_sites": 2,
// SAFE:     "reclaim_contexts": 1,
// SAFE:     "findings": []
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw, safe, fw;
};

static void run_now(struct work_struct *work)
{
	work->func(work);
}

static void safe_fn(struct work_struct *w) { }
static void plain_fn(struct work_struct *w) { }

static void flusher_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, fw);

	flush_work(&d->pw);
// CHECK:      work-func-call.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued
// CHECK-NEXT: work-func-call.c:[[@LINE+11]]:2: note: reclaim_fn calls flusher_fn through 'struct work_struct::func'
// CHECK-NEXT: work-func-call.c:[[@LINE-5]]:2: note: flusher_fn calls flush_work, flushing work item 'struct dev::pw'
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	d->safe.func(&d->safe);
	run_now(&d->safe);
#ifdef RUN_FW
	d->fw.func(&d->fw);
#endif
}

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->safe, safe_fn);
	INIT_WORK(&d->fw, flusher_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->pw);
	queue_work(d->pwq, &d->safe);
	queue_work(d->pwq, &d->fw);
}
