// flush_workqueue(wq) is a macro over __flush_workqueue(); the finding names
// the macro the user wrote, and the target is wq itself, whatever is queued
// on it.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *safewq;
	struct work_struct rw;
};

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_workqueue(d->plainwq);
// CHECK: flush-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq' [wq-flush-dependency]
// CHECK: flush-workqueue.c:[[@LINE-2]]:2: note: reclaim_fn calls flush_workqueue, flushing workqueue 'plainwq'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)

	/* The primitive itself, as kernel/workqueue.c callers write it. */
	__flush_workqueue(d->plainwq);
// CHECK: flush-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq' [wq-flush-dependency]
// CHECK: flush-workqueue.c:[[@LINE-2]]:2: note: reclaim_fn calls __flush_workqueue, flushing workqueue 'plainwq'

	flush_workqueue(d->safewq);	/* has WQ_MEM_RECLAIM */
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->safewq = alloc_workqueue("safewq", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	queue_work(d->reclaimwq, &d->rw);
	return 0;
}
