// BH workqueues (WQ_BH, 6.12) run their work in softirq context, never in a
// worker: they are never rule-B contexts, even with WQ_MEM_RECLAIM set
// (which 6.12's alloc_workqueue() rejects for WQ_BH anyway). As targets
// they lack WQ_MEM_RECLAIM like any other, and are reported.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *bhwq, *bhrwq;
	struct work_struct rw, bw, brw, sbw, pw;
};

static void plain_fn(struct work_struct *w) { }

/* Queued on a BH workqueue, and on system_bh_wq: not contexts. */
static void bh_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, bw);

	flush_work(&d->pw);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_workqueue(d->bhwq);
// CHECK: bh-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'bhwq' [wq-flush-dependency]
// CHECK: note: workqueue 'bhwq' (struct dev::bhwq) is allocated without WQ_MEM_RECLAIM here (flags: WQ_BH|WQ_HIGHPRI)
	flush_work(&d->sbw);
// CHECK: bh-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events_bh':bh_fn [wq-flush-dependency]
// CHECK: {{^}}note: 'events_bh' (system_bh_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->bhwq = alloc_workqueue("bhwq", WQ_BH | WQ_HIGHPRI, 0);
	d->bhrwq = alloc_workqueue("bhrwq", WQ_BH | WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->bw, bh_fn);
	INIT_WORK(&d->brw, bh_fn);
	INIT_WORK(&d->sbw, bh_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->plainwq, &d->pw);
	queue_work(d->bhwq, &d->bw);
	queue_work(d->bhrwq, &d->brw);
	queue_work(system_bh_wq, &d->sbw);
	return 0;
}

// JSON:      "flush_sites": 3,
// JSON:      "reclaim_contexts": 1,
// JSON-NEXT: "findings": 2
