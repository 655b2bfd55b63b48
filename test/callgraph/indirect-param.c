// A call through a function-pointer parameter is not resolved: call_it()
// may call anything, and wqdep does not guess. Nothing is reported, and the
// call shows up in the stats as unresolved. With -DDIRECT the same callback
// is called directly, and the flush it makes is reported.
// RUN: rm -rf %t && %gen-compdb -o %t/param %s && %gen-compdb -o %t/direct -DDIRECT %s
// RUN: %expect-exit 0 %wqdep -p %t/param --format=json %s 2>/dev/null | FileCheck %s --check-prefix=PARAM
// RUN: %expect-exit 1 %wqdep -p %t/direct %s 2>/dev/null | FileCheck %s --check-prefix=DIRECT --implicit-check-not=warning:
// PARAM:     "unresolved_indirect_calls": 1,
// PARAM:     "reclaim_contexts": 1,
// PARAM:     "findings": []
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw;
};

static void do_flush(struct dev *d)
{
	flush_work(&d->pw);
// DIRECT: indirect-param.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn
}

static void call_it(void (*fn)(struct dev *), struct dev *d)
{
	fn(d);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);
#ifdef DIRECT
	do_flush(d);
#else
	call_it(do_flush, d);
#endif
}

static void plain_fn(struct work_struct *w) { }

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->pw);
}
