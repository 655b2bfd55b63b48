// RCU work: INIT_RCU_WORK binds rw->work; queue_rcu_work() queues it after a
// grace period; flush_rcu_work(rw) and flush_work(&rw->work) flush it. An
// rcu_work queued on a WQ_MEM_RECLAIM workqueue is a context.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct rcu_work rrw;	/* the context, on reclaimwq */
	struct rcu_work prw;	/* on plainwq */
	struct rcu_work srw;	/* on reclaimwq: a safe target */
};

static void plain_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(to_rcu_work(w), struct dev, rrw);

	flush_rcu_work(&d->prw);
// CHECK: rcu-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq' (struct dev::reclaimwq) is allocated with WQ_MEM_RECLAIM here
// CHECK-NEXT: rcu-work.c:[[#@LINE+20]]:2: note: work item 'struct dev::rrw.work' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: note: reclaim_fn calls flush_rcu_work, flushing work item 'struct dev::prw.work'
	flush_work(&d->prw.work);
// CHECK: rcu-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::prw.work'
	flush_rcu_work(&d->srw);	/* on reclaimwq: safe */
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_RCU_WORK(&d->rrw, reclaim_fn);
	INIT_RCU_WORK(&d->prw, plain_fn);
	INIT_RCU_WORK(&d->srw, safe_fn);
	return 0;
}

void dev_kick(struct dev *d)
{
	queue_rcu_work(d->reclaimwq, &d->rrw);
	queue_rcu_work(d->plainwq, &d->prw);
	queue_rcu_work(d->reclaimwq, &d->srw);
}
