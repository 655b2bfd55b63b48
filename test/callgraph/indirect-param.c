// Callbacks: call_it() calls its function-pointer parameter, so a caller
// that passes do_flush calls do_flush, at its call of call_it(). The edge
// belongs to that caller only: another caller passing a harmless function
// does not make reclaim_fn reach it, and reclaim_fn passing do_flush does
// not make the other caller reach do_flush. Passing the parameter on
// (pass_on -> call_it) is followed. A pointer returned by a function is not
// resolved, and is counted.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --max-contexts=0 2>/dev/null | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t --format=json %s 2>/dev/null | FileCheck %s --check-prefix=JSON
// JSON:     "callback_call_sites": 1,
// JSON:     "unresolved_indirect_calls": 1,
// JSON:     "reclaim_contexts": 3,
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw, rw2, rw3;
};

static void do_flush(struct dev *d)
{
	flush_work(&d->pw);
// CHECK: indirect-param.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn (and 1 more reclaim context) [wq-flush-dependency]
// CHECK: note: reclaim_fn calls do_flush through 'callback passed to call_it'
// CHECK: note: do_flush calls flush_work, flushing work item 'struct dev::pw'
// CHECK: note: reclaim_fn3 calls do_flush through 'callback passed to pass_on'
// CHECK-NOT: harmless
}

static void harmless(struct dev *d) { }

static void call_it(void (*fn)(struct dev *), struct dev *d)
{
	fn(d);
}

static void pass_on(void (*cb)(struct dev *), struct dev *d)
{
	call_it(cb, d);
}

static void (*pick(void))(struct dev *)
{
	return harmless;
}

static void reclaim_fn(struct work_struct *w)
{
	call_it(do_flush, container_of(w, struct dev, rw));
}

static void reclaim_fn2(struct work_struct *w)
{
	call_it(harmless, container_of(w, struct dev, rw2));
	pick()(container_of(w, struct dev, rw2));
}

static void reclaim_fn3(struct work_struct *w)
{
	pass_on(do_flush, container_of(w, struct dev, rw3));
}

static void plain_fn(struct work_struct *w) { }

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->rw2, reclaim_fn2);
	INIT_WORK(&d->rw3, reclaim_fn3);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->rwq, &d->rw2);
	queue_work(d->rwq, &d->rw3);
	queue_work(d->pwq, &d->pw);
}
