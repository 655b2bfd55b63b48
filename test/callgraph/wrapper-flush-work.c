// Subsystem helpers that take a 'struct work_struct *' and flush it, two and
// three levels deep. The finding is at the outermost call site, in the work
// function; the notes walk down through the helpers to flush_work(). The same
// helpers called with a work item queued on a WQ_MEM_RECLAIM workqueue do
// not report: the helper's effect is bound to its argument at each call site.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw, pw2, safe;
};

static void dev_flush(struct work_struct *w)
{
	flush_work(w);
}

static void dev_sync(struct work_struct *w)
{
	dev_flush(w);
}

static void plain_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	dev_flush(&d->pw);
// CHECK:      wrapper-flush-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: wrapper-flush-work.c:[[#ALLOC:@LINE+19]]:11: note: workqueue 'reclaimwq' (struct dev::rwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_MEM_RECLAIM)
// CHECK-NEXT: wrapper-flush-work.c:[[@LINE+24]]:2: note: work item 'struct dev::rw' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: wrapper-flush-work.c:[[@LINE-4]]:2: note: reclaim_fn calls dev_flush
// CHECK-NEXT: wrapper-flush-work.c:17:2: note: dev_flush calls flush_work, flushing work item 'struct dev::pw'
// CHECK-NEXT: wrapper-flush-work.c:[[#ALLOC+1]]:11: note: workqueue 'plainwq' (struct dev::pwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
	dev_sync(&d->pw2);
// CHECK:      wrapper-flush-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw'
// CHECK-NEXT: wrapper-flush-work.c:[[@LINE-4]]:2: note: reclaim_fn calls dev_sync
// CHECK-NEXT: wrapper-flush-work.c:22:2: note: dev_sync calls dev_flush
// CHECK-NEXT: wrapper-flush-work.c:17:2: note: dev_flush calls flush_work, flushing work item 'struct dev::pw2'
// CHECK-NEXT: note: workqueue 'plainwq'
	dev_flush(&d->safe);
	dev_sync(&d->safe);
}

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->pw2, plain_fn);
	INIT_WORK(&d->safe, safe_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->pw);
	queue_work(d->pwq, &d->pw2);
	queue_work(d->rwq, &d->safe);
}
