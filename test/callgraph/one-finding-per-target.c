// One finding per flush call site and target workqueue: d->pw is queued on
// two workqueues without WQ_MEM_RECLAIM, so its one flush_work() call gives
// two findings at the same location, one per target. A third queueing on a
// WQ_MEM_RECLAIM workqueue is not a target. Two paths to that flush from the
// same context do not add findings.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning: --implicit-check-not="calls via_helper"
// RUN: %expect-exit 1 %wqdep -p %t --format=json %s 2>/dev/null | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *p1wq, *p2wq;
	struct work_struct rw, pw;
};

static void plain_fn(struct work_struct *w) { }

static void sync_dev(struct dev *d)
{
	flush_work(&d->pw);
// CHECK: one-finding-per-target.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plain-1':plain_fn [wq-flush-dependency]
// CHECK: note: workqueue 'plain-1' (struct dev::p1wq) is allocated without WQ_MEM_RECLAIM
// CHECK: one-finding-per-target.c:[[@LINE-3]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plain-2':plain_fn [wq-flush-dependency]
// CHECK: note: workqueue 'plain-2' (struct dev::p2wq) is allocated without WQ_MEM_RECLAIM

// JSON:      "findings": 2
// JSON:      "name": "plain-1"
// JSON:      "name": "plain-2"
}

static void via_helper(struct dev *d)
{
	sync_dev(d);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	sync_dev(d);
	via_helper(d);
}

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->p1wq = alloc_workqueue("plain-1", 0, 0);
	d->p2wq = alloc_workqueue("plain-2", WQ_UNBOUND, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->p1wq, &d->pw);
	queue_work(d->p2wq, &d->pw);
	queue_work(d->rwq, &d->pw);
}
