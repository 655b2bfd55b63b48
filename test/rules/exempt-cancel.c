// cancel_*_sync() and disable_*_sync() wait for the work item but pass
// from_cancel = true to check_flush_dependency() (upstream de35994ecd2d):
// never reported, counted as exempt_sites. cancel_work() and
// cancel_delayed_work() do not wait at all: neither flush nor exempt site.
// The flush_work() of the same unsafe work item shows the context and the
// target are real.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw, pw;
	struct delayed_work pdw;
};

static void plain_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	cancel_work_sync(&d->pw);
	cancel_delayed_work_sync(&d->pdw);
	disable_work_sync(&d->pw);
	disable_delayed_work_sync(&d->pdw);
	cancel_work(&d->pw);
	cancel_delayed_work(&d->pdw);
	flush_work(&d->pw);
// CHECK: exempt-cancel.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
	flush_delayed_work(&d->pdw);
// CHECK: exempt-cancel.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_DELAYED_WORK(&d->pdw, plain_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->plainwq, &d->pw);
	queue_delayed_work(d->plainwq, &d->pdw, 1);
	return 0;
}

// JSON:      "flush_sites": 2,
// JSON-NEXT: "exempt_sites": 4,
// JSON-NEXT: "reclaim_contexts": 1,
// JSON-NEXT: "findings": 2
