// A subsystem helper that queues its work-item parameter on its workqueue
// parameter, used on both sides: to queue the reclaim worker on the
// WQ_MEM_RECLAIM workqueue (making it a context) and to queue the flushed
// item on the plain workqueue (making that the target). The queue notes
// point at the helper's call sites. 'other' goes through the same helper
// onto the reclaim workqueue, so flushing it is not reported.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct eng {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw, other;
};

static void eng_kick(struct workqueue_struct *wq, struct work_struct *w)
{
	queue_work(wq, w);
}

static void eng_kick2(struct eng *e, struct workqueue_struct *wq, struct work_struct *w)
{
	eng_kick(wq, w);
}

static void plain_fn(struct work_struct *w) { }
static void other_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct eng *e = container_of(w, struct eng, rw);

	flush_work(&e->pw);
// CHECK:      wrapper-queue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq' (struct eng::rwq) is allocated with WQ_MEM_RECLAIM here
// CHECK-NEXT: wrapper-queue.c:[[@LINE+17]]:2: note: work item 'struct eng::rw' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: wrapper-queue.c:[[@LINE-4]]:2: note: reclaim_fn calls flush_work, flushing work item 'struct eng::pw'
// CHECK-NEXT: note: workqueue 'plainwq' (struct eng::pwq) is allocated without WQ_MEM_RECLAIM here
	flush_work(&e->other);
}

void eng_init(struct eng *e)
{
	e->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	e->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&e->rw, reclaim_fn);
	INIT_WORK(&e->pw, plain_fn);
	INIT_WORK(&e->other, other_fn);
}

void eng_start(struct eng *e)
{
	eng_kick(e->rwq, &e->rw);
	eng_kick2(e, e->pwq, &e->pw);
	eng_kick2(e, e->rwq, &e->other);
}
