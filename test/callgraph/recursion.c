// Recursion terminates. walk_a and walk_b call each other, and walk_b
// flushes: one finding, with the path reclaim_fn -> walk_a -> walk_b.
// deep_flush is a recursive wrapper that passes its work-item parameter to
// itself and finally flushes it; the finding is at its call in reclaim_fn.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw, pw2;
};

static void walk_b(struct dev *d, int n);

static void walk_a(struct dev *d, int n)
{
	if (n)
		walk_b(d, n - 1);
}

static void walk_b(struct dev *d, int n)
{
	walk_a(d, n);
	flush_work(&d->pw);
// CHECK:      recursion.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued
// CHECK-NEXT: recursion.c:[[@LINE+20]]:2: note: reclaim_fn calls walk_a
// CHECK-NEXT: recursion.c:[[@LINE-11]]:3: note: walk_a calls walk_b
// CHECK-NEXT: recursion.c:[[@LINE-6]]:2: note: walk_b calls flush_work, flushing work item 'struct dev::pw'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::pwq) is allocated without WQ_MEM_RECLAIM
}

static void deep_flush(struct work_struct *w, int n)
{
	if (n)
		deep_flush(w, n - 1);
	else
		flush_work(w);
}

static void plain_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	walk_a(d, 3);
	deep_flush(&d->pw2, 3);
// CHECK:      recursion.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued
// CHECK-NEXT: recursion.c:[[@LINE-4]]:2: note: reclaim_fn calls deep_flush
// CHECK-NEXT: recursion.c:[[@LINE-15]]:3: note: deep_flush calls flush_work, flushing work item 'struct dev::pw2'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::pwq) is allocated without WQ_MEM_RECLAIM
}

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->pw2, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->pw);
	queue_work(d->pwq, &d->pw2);
}
