// flush_rcu_work() is a checked flush of rw->work: its targets are the
// workqueues queue_rcu_work() queued it on.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq, *safewq;
	struct work_struct rw;
	struct rcu_work prw;	/* on plainwq */
	struct rcu_work srw;	/* on safewq (WQ_MEM_RECLAIM) */
};

static void plain_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_rcu_work(&d->prw);
// CHECK: flush-rcu-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK: flush-rcu-work.c:[[@LINE-2]]:2: note: reclaim_fn calls flush_rcu_work, flushing work item 'struct dev::prw.work'
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)

	flush_rcu_work(&d->srw);	/* target has WQ_MEM_RECLAIM */
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	d->safewq = alloc_workqueue("safewq", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_RCU_WORK(&d->prw, plain_fn);
	INIT_RCU_WORK(&d->srw, safe_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_rcu_work(d->plainwq, &d->prw);
	queue_rcu_work(d->safewq, &d->srw);
	return 0;
}
