// Flags that are not a constant expression (here a function parameter) are
// unknown: such a workqueue is neither a rule-B context nor a flush target,
// and is counted in workqueues_unknown_flags.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *uwq;
	struct work_struct rw, uw, pw;
};

static void plain_fn(struct work_struct *w) { }

/* Runs on uwq: flags unknown, so not a context. */
static void unknown_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, uw);

	flush_work(&d->pw);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_workqueue(d->uwq);	/* flags unknown: not a target */
	flush_work(&d->uw);		/* the same, through the work item */
	flush_work(&d->pw);
// CHECK: flags-unknown.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
}

void dev_setup(struct dev *d, unsigned int flags)
{
	d->uwq = alloc_workqueue("uwq", flags, 0);
	INIT_WORK(&d->uw, unknown_fn);
	queue_work(d->uwq, &d->uw);
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->plainwq, &d->pw);
	return 0;
}

// JSON:      "workqueues_unknown_flags": 1,
// JSON:      "flush_sites": 4,
// JSON:      "reclaim_contexts": 1,
// JSON-NEXT: "findings": 1
