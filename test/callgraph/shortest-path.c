// Two paths lead from reclaim_fn to the flush in sync_dev(): a long one
// through long_1/long_2/long_3 (called first) and a short one through
// short_1. The finding shows the shortest path, and only once.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw;
};

static void sync_dev(struct dev *d)
{
	flush_work(&d->pw);
// CHECK:      shortest-path.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued
// CHECK-NEXT: shortest-path.c:[[@LINE+22]]:2: note: reclaim_fn calls short_1
// CHECK-NEXT: shortest-path.c:[[@LINE+11]]:2: note: short_1 calls sync_dev
// CHECK-NEXT: shortest-path.c:[[@LINE-6]]:2: note: sync_dev calls flush_work, flushing work item 'struct dev::pw'
// CHECK-NEXT: note: workqueue 'plainwq'
}

static void long_3(struct dev *d) { sync_dev(d); }
static void long_2(struct dev *d) { long_3(d); }
static void long_1(struct dev *d) { long_2(d); }

static void short_1(struct dev *d)
{
	sync_dev(d);
}

static void plain_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	long_1(d);
	short_1(d);
}

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->pw);
}
