// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON --implicit-check-not=dead_ < %t/on.json
// RUN: FileCheck %s --check-prefix=ROUTE < %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-argument-values --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --max-indirect-calls=3 --format=json -o %t/limit.json
// RUN: FileCheck %s --check-prefix=OFF < %t/limit.json
// RUN: %wqdep-facts -p %t %s | FileCheck %s --check-prefix=FACTS
//
// A call made only under a condition on its function's parameters is not
// made on a route that hands them values failing it. Each dead_* worker
// reaches the plain workqueue's flush only that way (the false paths,
// removed), each kept_* worker in a way that holds (the real paths and the
// fallbacks):
//  - NULL, then `if (rqstp) verify(rqstp); else verify_local();` (nfsd's
//    localio acquire) cuts verify(), and a real request keeps it;
//  - `&obj->rcu`, then `bulk(ptr, !head)` and `if (!p && can_alloc)`
//    (kvfree_call_rcu()) cuts the allocation, and a NULL head keeps it;
//  - a constant compared (`cpu == ALL_CPUS`) cuts the other branch, and
//    another constant keeps it; through a call through a slot too;
//  - a disjunction of equalities with constants (`IS_GETLK(cmd)`, nfs_lock()
//    handed F_SETLK by locks_remove_posix()), or the negated conjunction
//    of inequalities, cuts what another constant cannot reach, and keeps
//    it for one of them; a disjunction naming anything else says nothing;
//  - the route found first takes the impossible call: the best possible
//    one, longer, is found and shown instead (ROUTE);
//  - what is not followed keeps its routes: a parameter the function
//    assigns, a condition on a local, a value passed in a struct field.
//
// ON-DAG:  "function": "kept_request",
// ON-DAG:  "function": "kept_headless",
// ON-DAG:  "function": "kept_one_cpu",
// ON-DAG:  "function": "kept_longer",
// ON-DAG:  "function": "kept_assigned",
// ON-DAG:  "function": "kept_local",
// ON-DAG:  "function": "kept_field",
// ON-DAG:  "function": "kept_getlk",
// ON-DAG:  "function": "kept_mixed",
// ROUTE:      "function": "kept_longer",
// ROUTE:      "path": [
// ROUTE-NEXT: {
// ROUTE-NEXT: "function": "kept_longer",
// ROUTE:      "function": "hop1",
// ROUTE:      "function": "hop2",
// ROUTE:      "function": "flush_it",
// STATS:   "argument_value_guarded_calls":
// STATS:   "argument_value_calls":
// OFF-DAG: "function": "dead_localio",
// OFF-DAG: "function": "dead_rcu",
// OFF-DAG: "function": "dead_all_cpus",
// OFF-DAG: "function": "dead_slot",
// OFF-DAG: "function": "kept_request",
// OFF-DAG: "function": "dead_setlk",
// OFF-DAG: "function": "dead_setlk_not",
// OFF-NOT: argument_value_guarded_calls
// FACTS:      "name": "do_acquire"
// FACTS:      "callee":"{{.*}}:flush_it",{{.*}}"only_if":["param 0 nonzero"]
// FACTS:      "name": "lock_file"
// FACTS:      "callee":"{{.*}}:flush_it",{{.*}}"only_if":["param 0 in 5","param 0 in 36"]
// FACTS:      "name": "lock_file_not"
// FACTS:      "callee":"{{.*}}:flush_it",{{.*}}"only_if":["param 0 in 5","param 0 in 36"]
// FACTS:      "name": "lock_mixed"
// FACTS-NOT:  "only_if"
// FACTS:      "name": "on_local"
// FACTS:      "name": "resize"
// FACTS:      "callee":"{{.*}}:flush_it",{{.*}}"only_if":["param 1 != -1"]
#include <linux/workqueue.h>

#define NULL ((void *)0)
#define ALL_CPUS -1
#define F_GETLK 5
#define F_SETLK 6
#define F_OFD_GETLK 36
#define IS_GETLK(cmd) ((0) || (cmd) == F_GETLK || (cmd) == F_OFD_GETLK)

struct workqueue_struct *reclaim_wq, *plain_wq;
struct my_rcu { struct my_rcu *next; };
struct obj { long key; struct my_rcu rcu; };
struct req { int x; };
struct args { struct req *rqstp; };
struct dev {
	struct work_struct p, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10,
		w11, w12, w13, w14;
	struct obj *o;
} *dev;
struct acq_ops { void (*acquire)(struct req *rqstp); } *ops;

static void plain_fn(struct work_struct *w) {}
static void flush_it(void) { flush_work(&dev->p); }
static void quiet(void) {}

/* nfsd_file_do_acquire(): a request, or none (localio). */
static void do_acquire(struct req *rqstp)
{
	if (rqstp)
		flush_it();
	else
		quiet();
}
static void slot_acquire(struct req *rqstp)
{
	if (rqstp)
		flush_it();
}
static struct acq_ops the_ops = { .acquire = slot_acquire };

/* kvfree_call_rcu() and add_ptr_to_bulk_krc_lock(). */
static void bulk(void *ptr, _Bool can_alloc)
{
	if (!ptr && can_alloc)
		quiet();
	if (can_alloc)
		flush_it();
}
static void call_rcu_like(struct my_rcu *head, void *ptr)
{
	bulk(ptr, !head);
}

/* ring_buffer_resize(): every CPU, or one. */
static void resize(void *buf, int cpu)
{
	if (__builtin_expect(cpu == ALL_CPUS, 1))
		quiet();
	else
		flush_it();
}

/* nfs_lock(): only a lock test reaches do_getlk(). */
static void lock_file(int cmd)
{
	if (IS_GETLK(cmd))
		flush_it();
	else
		quiet();
}
static void lock_file_not(int cmd)
{
	if (!(cmd != F_GETLK && cmd != F_OFD_GETLK))
		flush_it();
}
int other_cmd;
static void lock_mixed(int cmd)
{
	if (cmd == F_GETLK || other_cmd)
		flush_it();
}

static void hop2(void) { flush_it(); }
static void hop1(void) { hop2(); }

/* Fallbacks. */
static void assigned(struct req *rqstp)
{
	if (!rqstp)
		rqstp = (struct req *)&dev->p;
	if (rqstp)
		flush_it();
}
static void on_local(struct req *rqstp)
{
	struct req *r = rqstp;
	if (r)
		flush_it();
}
static void in_field(struct args *a)
{
	if (a->rqstp)
		flush_it();
}

static void dead_localio(struct work_struct *w) { do_acquire(NULL); }
static void kept_request(struct work_struct *w)
{
	static struct req r;
	do_acquire(&r);
}
static void dead_rcu(struct work_struct *w)
{
	call_rcu_like(&dev->o->rcu, dev->o);
}
static void kept_headless(struct work_struct *w)
{
	call_rcu_like(NULL, dev->o);
}
static void dead_all_cpus(struct work_struct *w) { resize(dev, ALL_CPUS); }
static void kept_one_cpu(struct work_struct *w) { resize(dev, 3); }
static void dead_slot(struct work_struct *w) { ops->acquire(NULL); }
static void kept_longer(struct work_struct *w)
{
	do_acquire(NULL);
	hop1();
}
static void kept_assigned(struct work_struct *w) { assigned(NULL); }
static void kept_local(struct work_struct *w) { on_local(NULL); }
static void dead_setlk(struct work_struct *w) { lock_file(F_SETLK); }
static void kept_getlk(struct work_struct *w) { lock_file(F_OFD_GETLK); }
static void dead_setlk_not(struct work_struct *w) { lock_file_not(F_SETLK); }
static void kept_mixed(struct work_struct *w) { lock_mixed(F_SETLK); }
static void kept_field(struct work_struct *w)
{
	struct args a = { .rqstp = NULL };
	in_field(&a);
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	ops = &the_ops;
	INIT_WORK(&dev->p, plain_fn);
	queue_work(plain_wq, &dev->p);
	INIT_WORK(&dev->w0, dead_localio);
	INIT_WORK(&dev->w1, kept_request);
	INIT_WORK(&dev->w2, dead_rcu);
	INIT_WORK(&dev->w3, kept_headless);
	INIT_WORK(&dev->w4, dead_all_cpus);
	INIT_WORK(&dev->w5, kept_one_cpu);
	INIT_WORK(&dev->w6, dead_slot);
	INIT_WORK(&dev->w7, kept_longer);
	INIT_WORK(&dev->w8, kept_assigned);
	INIT_WORK(&dev->w9, kept_local);
	INIT_WORK(&dev->w10, kept_field);
	INIT_WORK(&dev->w11, dead_setlk);
	INIT_WORK(&dev->w12, kept_getlk);
	INIT_WORK(&dev->w13, dead_setlk_not);
	INIT_WORK(&dev->w14, kept_mixed);
	queue_work(reclaim_wq, &dev->w0);
	queue_work(reclaim_wq, &dev->w1);
	queue_work(reclaim_wq, &dev->w2);
	queue_work(reclaim_wq, &dev->w3);
	queue_work(reclaim_wq, &dev->w4);
	queue_work(reclaim_wq, &dev->w5);
	queue_work(reclaim_wq, &dev->w6);
	queue_work(reclaim_wq, &dev->w7);
	queue_work(reclaim_wq, &dev->w8);
	queue_work(reclaim_wq, &dev->w9);
	queue_work(reclaim_wq, &dev->w10);
	queue_work(reclaim_wq, &dev->w11);
	queue_work(reclaim_wq, &dev->w12);
	queue_work(reclaim_wq, &dev->w13);
	queue_work(reclaim_wq, &dev->w14);
}
