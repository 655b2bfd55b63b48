// A recursive wrapper that passes a field of its own parameter to itself
// (through a cast) made a longer operand on every turn of the summary
// worklist (param#0.work, param#0.work.work, ...) and wqdep never finished.
// It finishes, with the one real finding at rec's call in reclaim_fn.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s 2>/dev/null | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev {
	struct work_struct r;
	struct delayed_work p;
} *dev;

static void plain_fn(struct work_struct *w) {}

static void rec(struct delayed_work *dw, int n)
{
	flush_work(&dw->work);
	if (n)
		rec((struct delayed_work *)&dw->work, n - 1);
}

static void reclaim_fn(struct work_struct *w)
{
	rec(&dev->p, 3);
// CHECK: recursion-field-of-param.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaim':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plain':plain_fn [wq-flush-dependency]
// CHECK: note: rec calls flush_work, flushing work item 'struct dev::p.work'
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->r, reclaim_fn);
	INIT_DELAYED_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->r);
	queue_delayed_work(plain_wq, &dev->p, 1);
}
