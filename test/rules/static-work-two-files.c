// Static work items are file-qualified: two translation units that each
// have a `static DECLARE_WORK(item, ...)` have two distinct work items. The
// one in a.c is queued only on a WQ_MEM_RECLAIM workqueue, so flushing it is
// safe, even though b.c queues its own `item` on a plain workqueue. A
// non-static work item is one object across files.
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %gen-compdb -o %t/db %t/a.c %t/b.c
// RUN: %expect-exit 1 %wqdep -p %t/db | FileCheck %s --implicit-check-not=warning:

//--- a.c
#include <linux/workqueue.h>

static struct workqueue_struct *reclaimwq;
static void reclaim_fn(struct work_struct *w);
static void a_fn(struct work_struct *w) { }
static DECLARE_WORK(rwork, reclaim_fn);
static DECLARE_WORK(item, a_fn);
extern struct work_struct shared;

static void reclaim_fn(struct work_struct *w)
{
	flush_work(&item);	/* this file's item: on reclaimwq only */
	flush_work(&shared);
// CHECK: a.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':shared_fn [wq-flush-dependency]
// CHECK: a.c:[[@LINE-2]]:2: note: reclaim_fn calls flush_work, flushing work item 'shared'
// CHECK-NEXT: b.c:{{[0-9]+}}:{{[0-9]+}}: note: workqueue 'plainwq' ({{.*}}b.c:plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
}

int __init a_init(void)
{
	reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	queue_work(reclaimwq, &rwork);
	queue_work(reclaimwq, &item);
	return 0;
}

//--- b.c
#include <linux/workqueue.h>

static struct workqueue_struct *plainwq;
static void b_fn(struct work_struct *w) { }
static void shared_fn(struct work_struct *w) { }
static DECLARE_WORK(item, b_fn);
DECLARE_WORK(shared, shared_fn);

int __init b_init(void)
{
	plainwq = alloc_workqueue("plainwq", 0, 0);
	queue_work(plainwq, &item);
	queue_work(plainwq, &shared);
	return 0;
}
