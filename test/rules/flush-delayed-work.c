// flush_delayed_work() is a checked flush of dw->work: its targets are the
// workqueues the delayed work is queued on.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *safewq;
	struct work_struct rw;
	struct delayed_work pdw;	/* on plainwq */
	struct delayed_work sdw;	/* on safewq (WQ_MEM_RECLAIM) */
};

static void plain_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_delayed_work(&d->pdw);
// CHECK: flush-delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK: flush-delayed-work.c:[[@LINE-2]]:2: note: reclaim_fn calls flush_delayed_work, flushing work item 'struct dev::pdw.work'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)

	flush_delayed_work(&d->sdw);	/* target has WQ_MEM_RECLAIM */
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->safewq = alloc_workqueue("safewq", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_DELAYED_WORK(&d->pdw, plain_fn);
	INIT_DELAYED_WORK(&d->sdw, safe_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_delayed_work(d->plainwq, &d->pdw, 10);
	queue_delayed_work(d->safewq, &d->sdw, 10);
	return 0;
}
