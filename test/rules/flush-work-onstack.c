// flush_work() of an on-stack work item (INIT_WORK_ONSTACK, queue, flush:
// the usual "run this on that workqueue and wait" idiom). The item is named
// by its function; the target is the workqueue it was queued on.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw;
};

static void sync_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);
	struct work_struct onstack, safe;

	INIT_WORK_ONSTACK(&onstack, sync_fn);
	queue_work(d->plainwq, &onstack);
	flush_work(&onstack);
// CHECK: flush-work-onstack.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':sync_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'reclaim_fn()::onstack'
	destroy_work_on_stack(&onstack);

	/* The same on a WQ_MEM_RECLAIM workqueue: safe. */
	INIT_WORK_ONSTACK(&safe, sync_fn);
	queue_work(d->reclaimwq, &safe);
	flush_work(&safe);
	destroy_work_on_stack(&safe);
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	queue_work(d->reclaimwq, &d->rw);
	return 0;
}
