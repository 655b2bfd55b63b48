// A helper that takes a 'struct workqueue_struct *' and flushes it with
// flush_workqueue() (a macro over __flush_workqueue), called directly and
// through a second helper. Called with the WQ_MEM_RECLAIM workqueue, it is
// not reported.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <linux/workqueue.h>

struct ctl {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw;
};

static void ctl_quiesce(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
}

static void ctl_stop(struct ctl *c, struct workqueue_struct *wq)
{
	ctl_quiesce(wq);
}

static void reclaim_fn(struct work_struct *w)
{
	struct ctl *c = container_of(w, struct ctl, rw);

	ctl_quiesce(c->pwq);
// CHECK:      wrapper-flush-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq' [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq' (struct ctl::rwq) is allocated with WQ_MEM_RECLAIM here
// CHECK-NEXT: note: work item 'struct ctl::rw' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: wrapper-flush-workqueue.c:[[@LINE-4]]:2: note: reclaim_fn calls ctl_quiesce
// CHECK-NEXT: wrapper-flush-workqueue.c:16:2: note: ctl_quiesce calls flush_workqueue, flushing workqueue 'plainwq'
// CHECK-NEXT: wrapper-flush-workqueue.c:[[#PLAIN:@LINE+16]]:11: note: workqueue 'plainwq' (struct ctl::pwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
	ctl_stop(c, c->pwq);
// CHECK:      wrapper-flush-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq' [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct ctl::rw'
// CHECK-NEXT: wrapper-flush-workqueue.c:[[@LINE-4]]:2: note: reclaim_fn calls ctl_stop
// CHECK-NEXT: wrapper-flush-workqueue.c:21:2: note: ctl_stop calls ctl_quiesce
// CHECK-NEXT: wrapper-flush-workqueue.c:16:2: note: ctl_quiesce calls flush_workqueue, flushing workqueue 'plainwq'
// CHECK-NEXT: wrapper-flush-workqueue.c:[[#PLAIN]]:11: note: workqueue 'plainwq' (struct ctl::pwq) is allocated without WQ_MEM_RECLAIM
	ctl_quiesce(c->rwq);
	ctl_stop(c, c->rwq);
}

void ctl_init(struct ctl *c)
{
	c->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	c->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&c->rw, reclaim_fn);
	queue_work(c->rwq, &c->rw);
}
