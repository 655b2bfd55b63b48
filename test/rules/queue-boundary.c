// Queueing is not calling: a reclaim worker that only queues other work does
// not carry its context over. The queued function runs in its own
// workqueue's context: none on plainwq, rule B again on reclaimwq2 (named
// after reclaimwq2, not reclaimwq). The released 6.12 localio shape.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *reclaimwq2, *plainwq, *otherwq;
	struct work_struct rw, pw, r2w, ow;
};

static void other_fn(struct work_struct *w) { }

static void flush_other(struct dev *d)
{
	flush_work(&d->ow);
// CHECK: queue-boundary.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq2':reclaim2_fn is flushing !WQ_MEM_RECLAIM 'otherwq':other_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq2' (struct dev::reclaimwq2) is allocated with WQ_MEM_RECLAIM here
// CHECK-NEXT: note: work item 'struct dev::r2w' (reclaim2_fn) is queued on 'reclaimwq2' here
// CHECK-NEXT: note: reclaim2_fn calls flush_other
// CHECK-NEXT: note: flush_other calls flush_work, flushing work item 'struct dev::ow'
}

/* On plainwq: not a context, although reclaim_fn queued it. */
static void plain_fn(struct work_struct *w)
{
	flush_other(container_of(w, struct dev, pw));
}

/* On reclaimwq2: a context of its own. */
static void reclaim2_fn(struct work_struct *w)
{
	flush_other(container_of(w, struct dev, r2w));
}

/* A subsystem helper that queues its parameter (cf. xfs_inodegc_queue). */
static void dev_queue(struct workqueue_struct *wq, struct work_struct *work)
{
	queue_work(wq, work);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	queue_work(d->plainwq, &d->pw);
	dev_queue(d->reclaimwq2, &d->r2w);
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->reclaimwq2 = alloc_workqueue("reclaimwq2", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->otherwq = alloc_workqueue("otherwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->r2w, reclaim2_fn);
	INIT_WORK(&d->ow, other_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->otherwq, &d->ow);
	return 0;
}

// JSON:      "queue_sites": 4,
// JSON:      "reclaim_contexts": 2,
// JSON-NEXT: "findings": 1
// JSON:      "contexts": [
// JSON-NEXT:   {
// JSON-NEXT:     "kind": "workqueue",
// JSON-NEXT:     "workqueue": {
// JSON-NEXT:       "name": "reclaimwq2",
// JSON-NOT:  "reclaim_fn"
