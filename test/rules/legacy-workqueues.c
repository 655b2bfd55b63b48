// create_workqueue(), create_freezable_workqueue() and
// create_singlethread_workqueue() pass __WQ_LEGACY | WQ_MEM_RECLAIM: rule B
// skips a worker whose workqueue has __WQ_LEGACY, and the WQ_MEM_RECLAIM
// makes them safe targets. Drivers that pass __WQ_LEGACY by hand
// (drivers/scsi/hosts.c) get the same treatment.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct workqueue_struct *lwq, *fwq, *swq, *hwq;
	struct work_struct rw, lw, fw, sw, hw;
};

static void legacy_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, lw);

	/* Legacy workers are not rule-B contexts: not reported. */
	flush_workqueue(d->plainwq);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	/* Legacy workqueues have WQ_MEM_RECLAIM: safe targets. */
	flush_workqueue(d->lwq);
	flush_workqueue(d->fwq);
	flush_workqueue(d->swq);
	flush_workqueue(d->hwq);
	flush_work(&d->lw);
	/* The contrast: a !WQ_MEM_RECLAIM target is reported. */
	flush_workqueue(d->plainwq);
// CHECK: legacy-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq' [wq-flush-dependency]
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->lwq = create_workqueue("lwq");
	d->fwq = create_freezable_workqueue("fwq");
	d->swq = create_singlethread_workqueue("swq");
	d->hwq = alloc_workqueue("hwq", __WQ_LEGACY | WQ_MEM_RECLAIM, 1);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->lw, legacy_fn);
	INIT_WORK(&d->fw, legacy_fn);
	INIT_WORK(&d->sw, legacy_fn);
	INIT_WORK(&d->hw, legacy_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->lwq, &d->lw);
	queue_work(d->fwq, &d->fw);
	queue_work(d->swq, &d->sw);
	queue_work(d->hwq, &d->hw);
	return 0;
}

// Only the reclaimwq worker is a context; the five legacy flushes and the
// one in legacy_fn are seen but have no reclaim-unsafe target or context.
// JSON:      "workqueues_unknown_flags": 0,
// JSON:      "flush_sites": 7,
// JSON:      "reclaim_contexts": 1,
// JSON-NEXT: "findings": 1
