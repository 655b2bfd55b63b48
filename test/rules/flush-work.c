// flush_work() is a checked flush: its targets are every workqueue the work
// item is queued on anywhere.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *safewq;
	struct work_struct rw;		/* runs in the reclaim context */
	struct work_struct pw;		/* on plainwq only */
	struct work_struct sw;		/* on safewq (WQ_MEM_RECLAIM) only */
	struct work_struct bw;		/* on both safewq and plainwq */
};

static void safe_fn(struct work_struct *w) { }
static void both_fn(struct work_struct *w) { }

/* Runs on plainwq, not in a reclaim context: its flush is not reported. */
static void plain_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, pw);

	flush_work(&d->bw);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_work(&d->pw);
// CHECK: flush-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: flush-work.c:[[#@LINE+17]]:17: note: workqueue 'reclaimwq' (struct dev::reclaimwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_MEM_RECLAIM)
// CHECK-NEXT: flush-work.c:[[#@LINE+23]]:2: note: work item 'struct dev::rw' (reclaim_fn) is queued on 'reclaimwq' here, so reclaim_fn runs in a WQ_MEM_RECLAIM worker
// CHECK-NEXT: flush-work.c:[[@LINE-4]]:2: note: reclaim_fn calls flush_work, flushing work item 'struct dev::pw'
// CHECK-NEXT: flush-work.c:[[#@LINE+15]]:15: note: workqueue 'plainwq' (struct dev::plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)

	/* Queued only on a WQ_MEM_RECLAIM workqueue: safe. */
	flush_work(&d->sw);

	/* Queued on a safe and an unsafe workqueue: the unsafe one is a target. */
	flush_work(&d->bw);
// CHECK: flush-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':both_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::bw'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::plainwq) is allocated without WQ_MEM_RECLAIM
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->safewq = alloc_workqueue("safewq", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->sw, safe_fn);
	INIT_WORK(&d->bw, both_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->plainwq, &d->pw);
	queue_work(d->safewq, &d->sw);
	queue_work(d->safewq, &d->bw);
	queue_work(d->plainwq, &d->bw);
	return 0;
}
