// Indirect calls resolved to every function stored into the slot anywhere:
// a struct field set by a designated initializer, by a positional
// initializer, by an assignment (ops->cb = fn), in an array of ops structs
// (both elements), a global function-pointer variable, and a field first
// copied into a local variable. Each callback flushes its own work item, so
// each resolution is one finding. unused_ops::cb has the same field name but
// another struct type, and is never called from the reclaim worker.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// Findings come best evidence first: the two array callbacks share one slot
// (a wide hop, confidence "wide") and come after the others, each the only
// function of its slot ("narrowed").
// RUN: %expect-exit 1 %wqdep -p %t %s --min-confidence=narrowed 2>/dev/null | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --check-prefix=WIDE
// WIDE-COUNT-5: warning: {{.*}}
// RUN: %expect-exit 1 %wqdep -p %t --format=json %s 2>/dev/null | FileCheck %s --check-prefix=STATS
// STATS: "indirect_call_sites": 7,
// STATS: "unresolved_indirect_calls": 0,
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, w1, w2, w3, w4a, w4b, w5, w6, w7;
};

struct desig_ops { int x; void (*cb)(struct dev *); };
struct pos_ops { int x; void (*cb)(struct dev *); };
struct assign_ops { void (*cb)(struct dev *); };
struct array_ops { const char *name; void (*cb)(struct dev *); };
struct local_ops { void (*cb)(struct dev *); };
struct unused_ops { void (*cb)(struct dev *); };

static void cb_desig(struct dev *d);
static void cb_pos(struct dev *d);
static void cb_assign(struct dev *d);
static void cb_array0(struct dev *d);
static void cb_array1(struct dev *d);
static void cb_global(struct dev *d);
static void cb_local(struct dev *d);
static void cb_unused(struct dev *d);

static const struct desig_ops dops = { .cb = cb_desig };
static const struct pos_ops pops = { 1, cb_pos };
static struct assign_ops aops;
static const struct array_ops arr[] = {
	{ "a", cb_array0 },
	{ .name = "b", .cb = cb_array1 },
};
static void (*global_cb)(struct dev *) = cb_global;
static struct local_ops lops = { .cb = cb_local };
const struct unused_ops uops = { .cb = cb_unused };

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);
	const struct desig_ops *o1 = &dops;
	const struct pos_ops *o2 = &pops;
	struct assign_ops *o3 = &aops;
	void (*fn)(struct dev *);
	int i;

	o1->cb(d);
	o2->cb(d);
	o3->cb(d);
	for (i = 0; i < 2; i++)
		arr[i].cb(d);
	global_cb(d);
	fn = lops.cb;
	fn(d);
}

static void cb_desig(struct dev *d)
{
	flush_work(&d->w1);
// CHECK:      indirect-calls.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn
// CHECK-NEXT: note: workqueue 'reclaimwq'
// CHECK-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued
// CHECK-NEXT: indirect-calls.c:[[@LINE-16]]:2: note: reclaim_fn calls cb_desig through 'struct desig_ops::cb'
// CHECK-NEXT: indirect-calls.c:[[@LINE-5]]:2: note: cb_desig calls flush_work, flushing work item 'struct dev::w1'
}

static void cb_pos(struct dev *d)
{
	flush_work(&d->w2);
// CHECK:      indirect-calls.c:[[@LINE-1]]:2: warning:
// CHECK:      indirect-calls.c:[[@LINE-23]]:2: note: reclaim_fn calls cb_pos through 'struct pos_ops::cb'
// CHECK-NEXT: note: cb_pos calls flush_work, flushing work item 'struct dev::w2'
}

static void cb_assign(struct dev *d)
{
	flush_work(&d->w3);
// CHECK:      indirect-calls.c:[[@LINE-1]]:2: warning:
// CHECK:      indirect-calls.c:[[@LINE-30]]:2: note: reclaim_fn calls cb_assign through 'struct assign_ops::cb'
// CHECK-NEXT: note: cb_assign calls flush_work, flushing work item 'struct dev::w3'
}

static void cb_array0(struct dev *d)
{
	flush_work(&d->w4a);
// WIDE:      indirect-calls.c:[[@LINE-1]]:2: warning:
// WIDE:      indirect-calls.c:[[@LINE-36]]:3: note: reclaim_fn calls cb_array0 through 'struct array_ops::cb'
// WIDE-NEXT: note: cb_array0 calls flush_work, flushing work item 'struct dev::w4a'
}

static void cb_array1(struct dev *d)
{
	flush_work(&d->w4b);
// WIDE:      indirect-calls.c:[[@LINE-1]]:2: warning:
// WIDE:      indirect-calls.c:[[@LINE-44]]:3: note: reclaim_fn calls cb_array1 through 'struct array_ops::cb'
// WIDE-NEXT: note: cb_array1 calls flush_work, flushing work item 'struct dev::w4b'
}

static void cb_global(struct dev *d)
{
	flush_work(&d->w5);
// CHECK:      indirect-calls.c:[[@LINE-1]]:2: warning:
// CHECK:      indirect-calls.c:[[@LINE-51]]:2: note: reclaim_fn calls cb_global through '{{.*}}indirect-calls.c:global_cb'
// CHECK-NEXT: note: cb_global calls flush_work, flushing work item 'struct dev::w5'
}

static void cb_local(struct dev *d)
{
	flush_work(&d->w6);
// CHECK:      indirect-calls.c:[[@LINE-1]]:2: warning:
// CHECK:      indirect-calls.c:[[@LINE-57]]:2: note: reclaim_fn calls cb_local through 'struct local_ops::cb'
// CHECK-NEXT: note: cb_local calls flush_work, flushing work item 'struct dev::w6'
}

static void cb_unused(struct dev *d)
{
	flush_work(&d->w7);
}

void run_unused(struct dev *d, const struct unused_ops *u)
{
	u->cb(d);
}

static void plain_fn(struct work_struct *w) { }

void dev_init(struct dev *d)
{
	aops.cb = cb_assign;
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->w1, plain_fn);
	INIT_WORK(&d->w2, plain_fn);
	INIT_WORK(&d->w3, plain_fn);
	INIT_WORK(&d->w4a, plain_fn);
	INIT_WORK(&d->w4b, plain_fn);
	INIT_WORK(&d->w5, plain_fn);
	INIT_WORK(&d->w6, plain_fn);
	INIT_WORK(&d->w7, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->pwq, &d->w1);
	queue_work(d->pwq, &d->w2);
	queue_work(d->pwq, &d->w3);
	queue_work(d->pwq, &d->w4a);
	queue_work(d->pwq, &d->w4b);
	queue_work(d->pwq, &d->w5);
	queue_work(d->pwq, &d->w6);
	queue_work(d->pwq, &d->w7);
}
