// A reclaim worker that only cancels an unsafe work item is not reported:
// the *_sync waits are exempt (from_cancel), cancel_work() does not wait.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 0 %wqdep -p %t %s --format=json | FileCheck %s
// RUN: %expect-exit 0 %wqdep -p %t %s 2>&1 | FileCheck %s --check-prefix=TEXT --implicit-check-not=warning:
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

// CHECK:      "queue_sites": 3,
// CHECK-NEXT: "flush_sites": 0,
// CHECK-NEXT: "exempt_sites": 4,
// CHECK-NEXT: "reclaim_contexts": 1,
// CHECK-NEXT: "findings": 0
// CHECK:      "findings": []

// TEXT: wqdep: 0 findings in 1 translation unit (0 failed)
